package io.theeye.export;

import java.net.URI;

/**
 * How an {@code s3://} destination is reached, beyond its bucket and prefix. Each of endpoint, region and keys left
 * null is found where the AWS SDK finds it: {@code AWS_ENDPOINT_URL} (or {@code aws.endpointUrl}), {@code AWS_REGION}
 * (or {@code aws.region}, or the profile), {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} (or the
 * profile, or the instance's role). Free of the SDK's classes, so that settings can name it without loading them.
 *
 * @param endpoint the S3 API's address, for MinIO, Ceph, R2 and others; null: AWS's, or the SDK's settings
 * @param region the region requests are signed for; null: the SDK's settings
 * @param pathStyle whether the bucket goes in the path ({@code host/bucket/key}) rather than the host name
 *     ({@code bucket.host/key}): most S3-compatible stores want it
 * @param accessKeyId with {@code secretAccessKey}, the keys to sign with; both null: the SDK's settings
 * @param multipartThreshold the size from which a file is uploaded in parts rather than in a single request
 * @param partSize the size of each part but the last, from S3's minimum of 5 MiB
 */
public record S3Settings(
        URI endpoint,
        String region,
        boolean pathStyle,
        String accessKeyId,
        String secretAccessKey,
        long multipartThreshold,
        int partSize) {

    /** S3 refuses smaller parts, but for the last. */
    public static final int MINIMUM_PART_SIZE = 5 * 1024 * 1024;

    /** Every setting from the SDK's; files up to 64 MiB in one request, larger ones in parts of 16 MiB. */
    public static final S3Settings DEFAULTS =
            new S3Settings(null, null, false, null, null, 64L * 1024 * 1024, 16 * 1024 * 1024);

    public S3Settings {
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("an S3 access key id goes with its secret key: give both or neither");
        }
        if (partSize < MINIMUM_PART_SIZE) {
            throw new IllegalArgumentException(
                    "an S3 part is at least " + MINIMUM_PART_SIZE + " bytes, not " + partSize);
        }
        if (multipartThreshold < 1) {
            throw new IllegalArgumentException("the multipart threshold is positive, not " + multipartThreshold);
        }
    }

    /**
     * The defaults with the endpoint, region and path style of the settings as written ({@code THE_EYE_EXPORT_S3_*}):
     * a blank endpoint or region is left to the SDK.
     */
    public static S3Settings of(String endpoint, String region, boolean pathStyle) {
        return DEFAULTS.withEndpoint(endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip()))
                .withRegion(region == null || region.isBlank() ? null : region.strip())
                .withPathStyle(pathStyle);
    }

    public S3Settings withEndpoint(URI newEndpoint) {
        return new S3Settings(
                newEndpoint, region, pathStyle, accessKeyId, secretAccessKey, multipartThreshold, partSize);
    }

    public S3Settings withRegion(String newRegion) {
        return new S3Settings(
                endpoint, newRegion, pathStyle, accessKeyId, secretAccessKey, multipartThreshold, partSize);
    }

    public S3Settings withPathStyle(boolean newPathStyle) {
        return new S3Settings(
                endpoint, region, newPathStyle, accessKeyId, secretAccessKey, multipartThreshold, partSize);
    }

    public S3Settings withKeys(String newAccessKeyId, String newSecretAccessKey) {
        return new S3Settings(
                endpoint, region, pathStyle, newAccessKeyId, newSecretAccessKey, multipartThreshold, partSize);
    }

    public S3Settings withMultipart(long newMultipartThreshold, int newPartSize) {
        return new S3Settings(
                endpoint, region, pathStyle, accessKeyId, secretAccessKey, newMultipartThreshold, newPartSize);
    }

    /** Without the secret key. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=" + (secretAccessKey == null ? null : "***")
                + ", multipartThreshold=" + multipartThreshold + ", partSize=" + partSize + "]";
    }
}
