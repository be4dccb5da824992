package convkit.jupyter;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Renders {@code RenderedImage}s (so {@code BufferedImage}s) as base64 PNG. Replaces the base
 * library's image renderer, which encodes through an unclosed base64 stream and can drop the
 * last bytes of the PNG.
 */
final class PngImages {
    private PngImages() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(RenderedImage.class)
                .preferring(MIMEType.IMAGE_PNG)
                .register((image, context) -> {
                    context.renderIfRequested(MIMEType.IMAGE_PNG, () -> base64Png(image));
                    // the text form beside the picture: short, instead of BufferedImage's long toString
                    context.renderIfRequested(MIMEType.TEXT_PLAIN,
                            () -> "image " + image.getWidth() + "x" + image.getHeight());
                });
    }

    static String base64Png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes))
                throw new IllegalArgumentException("no PNG writer accepts this image (" + image.getClass().getName() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the image as PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
