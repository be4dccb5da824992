package convkit.jupyter;

import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code %maven group:artifact:version}: resolves an artifact and its runtime dependencies with
 * Maven's own resolver (set up as Maven 3 does: scopes, exclusions, nearest version wins), from
 * the local repository ({@code ~/.m2/repository}) and the remote repositories: those added with
 * {@code %mavenRepo} first, then Maven Central.
 */
final class MavenResolver {
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private final Path localRepository;
    private final List<RemoteRepository> added = new ArrayList<>();
    private RepositorySystem system;

    MavenResolver(Path localRepository) {
        this.localRepository = localRepository;
    }

    /** {@code %mavenRepo id url}: a repository searched before Maven Central (a file: URL works offline). */
    void addRepository(String id, String url) {
        if (!url.matches("(?i)(https?|file):.*"))
            throw new IllegalArgumentException("%mavenRepo needs an http(s) or file URL, e.g. %mavenRepo mine https://example.org/maven2/; got '" + url + "'");
        added.removeIf(r -> r.getId().equals(id));
        added.add(new RemoteRepository.Builder(id, "default", url).build());
    }

    List<RemoteRepository> repositories() {
        List<RemoteRepository> all = new ArrayList<>(added);
        all.add(new RemoteRepository.Builder("central", "default", CENTRAL).build());
        return all;
    }

    /** The jars of {@code coordinates} ({@code group:artifact[:extension[:classifier]]:version}) and of its runtime dependencies. */
    List<Path> resolve(String coordinates) {
        Artifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%maven takes group:artifact:version (e.g. %maven org.knowm.xchart:xchart:4.0.3); got '"
                    + coordinates + "'", e);
        }
        RepositorySystem sys = system();
        try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(sys).get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setSystemProperties(System.getProperties())
                .build()) {
            CollectRequest collect = new CollectRequest(new Dependency(artifact, JavaScopes.RUNTIME), repositories());
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : sys.resolveDependencies(session, request).getArtifactResults())
                if (r.getArtifact() != null && r.getArtifact().getPath() != null) jars.add(r.getArtifact().getPath());
            return jars;
        } catch (DependencyResolutionException e) {
            StringBuilder where = new StringBuilder(localRepository.toString());
            for (RemoteRepository r : repositories()) where.append(", ").append(r.getUrl());
            throw new IllegalStateException("%maven could not resolve " + coordinates + " (searched " + where + "): "
                    + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    private synchronized RepositorySystem system() {
        if (system == null) system = new RepositorySystemSupplier().get();
        return system;
    }
}
