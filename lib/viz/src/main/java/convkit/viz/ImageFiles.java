package convkit.viz;

import convkit.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Saves pictures: PNG for one picture, animated GIF for a sequence of frames. Writes are atomic
 * (a temporary file in the same folder, then a rename), so a reader never sees half a file.
 */
public final class ImageFiles {
    private ImageFiles() {}

    /** Saves a PNG; creates missing parent folders. Returns the path. */
    public static Path savePng(BufferedImage img, Path file) {
        return AtomicFiles.write(file, pngBytes(img));
    }

    public static byte[] pngBytes(BufferedImage img) {
        try {
            var out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, "png", out)) throw new IllegalStateException("no PNG writer in this JDK");
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves frames as an animated GIF that loops, {@code delayMs} per frame. */
    public static Path saveGif(List<BufferedImage> frames, int delayMs, Path file) {
        return AtomicFiles.write(file, gifBytes(frames, delayMs));
    }

    /** An animated GIF of the frames (all are drawn on a canvas as large as the largest frame). */
    public static byte[] gifBytes(List<BufferedImage> frames, int delayMs) {
        if (frames.isEmpty()) throw new IllegalArgumentException("gifBytes: no frames");
        if (delayMs < 10) throw new IllegalArgumentException("gifBytes: delay " + delayMs + " ms is below GIF's 10 ms step");
        int w = 0, h = 0;
        for (BufferedImage f : frames) {
            w = Math.max(w, f.getWidth());
            h = Math.max(h, f.getHeight());
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (var bytes = new ByteArrayOutputStream(); ImageOutputStream ios = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (BufferedImage f : frames) {
                BufferedImage canvas = Style.canvas(w, h);
                var g = canvas.createGraphics();
                g.drawImage(f, 0, 0, null);
                g.dispose();
                var type = ImageTypeSpecifier.createFromRenderedImage(canvas);
                IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
                String fmt = meta.getNativeMetadataFormatName();
                var root = (IIOMetadataNode) meta.getAsTree(fmt);
                var gce = new IIOMetadataNode("GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", Integer.toString(delayMs / 10));
                gce.setAttribute("transparentColorIndex", "0");
                root.appendChild(gce);
                var apps = new IIOMetadataNode("ApplicationExtensions");
                var app = new IIOMetadataNode("ApplicationExtension");
                app.setAttribute("applicationID", "NETSCAPE");
                app.setAttribute("authenticationCode", "2.0");
                app.setUserObject(new byte[] {1, 0, 0}); // loop forever
                apps.appendChild(app);
                root.appendChild(apps);
                meta.setFromTree(fmt, root);
                writer.writeToSequence(new IIOImage(canvas, null, meta), null);
            }
            writer.endWriteSequence();
            ios.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** An HTML {@code <img>} with the GIF inline, for notebooks that display HTML. */
    public static String gifHtml(List<BufferedImage> frames, int delayMs) {
        return "<img src=\"data:image/gif;base64," + Base64.getEncoder().encodeToString(gifBytes(frames, delayMs)) + "\"/>";
    }

}
