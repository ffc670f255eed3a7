package io.theeye.export;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3Proxy on a free port of the loopback address, keeping each bucket as a folder under the given one, each object as
 * a file at its key: a real S3 API whose stored files a test can read directly.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final Path folder;

    public S3ProxyServer(Path folder) throws Exception {
        this.folder = folder;
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(folder.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Settings for a client of this server: its endpoint, its keys, the bucket in the path. */
    S3Settings settings() {
        return S3Settings.DEFAULTS
                .withEndpoint(endpoint())
                .withRegion(REGION)
                .withPathStyle(true)
                .withKeys(ACCESS_KEY, SECRET_KEY);
    }

    /** Creates the bucket, as a folder. */
    public Path bucket(String name) throws Exception {
        return Files.createDirectories(folder.resolve(name));
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
