package io.theeye.export;

import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * A bucket and prefix of S3-compatible storage, through the AWS SDK. An object appears only when its upload
 * completes: a file under the multipart threshold goes in one PUT; a larger one in a multipart upload completed once
 * all its parts are in, and aborted on any failure, so that no part lingers. The content is written to a local
 * temporary file first, deleted once uploaded or failed.
 */
final class S3Destination implements Destination {

    private final URI url;
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final S3Settings settings;

    private S3Destination(URI url, S3Client s3, String bucket, String prefix, S3Settings settings) {
        this.url = url;
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.settings = settings;
    }

    static S3Destination open(URI url, S3Settings settings) {
        return open(url, settings, client(settings));
    }

    static S3Destination open(URI url, S3Settings settings, S3Client s3) {
        String bucket = url.getAuthority();
        if (bucket == null || bucket.isEmpty()) {
            throw new IllegalArgumentException("an S3 destination is s3://bucket/prefix, not " + url);
        }
        String path = url.getPath() == null ? "" : url.getPath();
        String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
        return new S3Destination(url, s3, bucket, prefix, settings);
    }

    static S3Client client(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.accessKeyId() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey())));
        }
        try {
            return builder.build();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException(
                    "the S3 client could not be set up (" + e.getMessage() + "): set AWS_REGION (any region, such as"
                            + " us-east-1, for storage that has none)",
                    e);
        }
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public void publish(String key, Content content) throws IOException {
        String objectKey = objectKey(key);
        Path staged = Files.createTempFile("the-eye-export-", ".tmp");
        try {
            content.writeTo(staged);
            long size = Files.size(staged);
            if (size < settings.multipartThreshold()) {
                s3.putObject(request -> request.bucket(bucket).key(objectKey), RequestBody.fromFile(staged));
            } else {
                uploadInParts(objectKey, staged, size);
            }
        } catch (SdkException e) {
            throw new IOException("could not upload " + objectKey + " to " + url + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private void uploadInParts(String objectKey, Path file, long size) throws IOException {
        String uploadId = s3.createMultipartUpload(
                        request -> request.bucket(bucket).key(objectKey))
                .uploadId();
        try (FileChannel channel = FileChannel.open(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += settings.partSize()) {
                int partNumber = parts.size() + 1;
                ByteBuffer part = read(channel, offset, (int) Math.min(settings.partSize(), size - offset));
                UploadPartResponse uploaded = s3.uploadPart(
                        request -> request.bucket(bucket)
                                .key(objectKey)
                                .uploadId(uploadId)
                                .partNumber(partNumber)
                                .contentLength((long) part.remaining()),
                        RequestBody.fromByteBuffer(part));
                parts.add(CompletedPart.builder()
                        .partNumber(partNumber)
                        .eTag(uploaded.eTag())
                        .checksumCRC32(uploaded.checksumCRC32())
                        .checksumCRC32C(uploaded.checksumCRC32C())
                        .checksumCRC64NVME(uploaded.checksumCRC64NVME())
                        .checksumSHA1(uploaded.checksumSHA1())
                        .checksumSHA256(uploaded.checksumSHA256())
                        .build());
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket)
                    .key(objectKey)
                    .uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(
                        request -> request.bucket(bucket).key(objectKey).uploadId(uploadId));
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static ByteBuffer read(FileChannel channel, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw new EOFException("the file ended before its part at " + offset + " did");
            }
        }
        return buffer.flip();
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(request -> request.bucket(bucket).key(objectKey(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("could not look for " + key + " in " + url + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("could not look for " + key + " in " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String keyPrefix) throws IOException {
        String objectPrefix = prefix.isEmpty() ? keyPrefix : prefix + "/" + keyPrefix;
        int prefixLength = prefix.isEmpty() ? 0 : prefix.length() + 1;
        try {
            return s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(objectPrefix)).contents().stream()
                    .map(S3Object::key)
                    .map(objectKey -> objectKey.substring(prefixLength))
                    .toList();
        } catch (SdkException e) {
            throw new IOException("could not list " + keyPrefix + " in " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }

    private String objectKey(String key) {
        if (key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("a key names an object under the destination's prefix, not " + key);
        }
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }
}
