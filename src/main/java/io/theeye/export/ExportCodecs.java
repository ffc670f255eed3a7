package io.theeye.export;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Compresses pages with zstd-jni and snappy-java directly. Parquet's own codec factory builds on Hadoop's codec
 * classes, which would bring hadoop-common and its dependencies into the jar; this one needs neither. It only
 * compresses: the export never reads its files back.
 */
final class ExportCodecs implements CompressionCodecFactory {

    /** zstd's own default level: most of the gain for a fraction of the time of the high levels. */
    private static final int ZSTD_LEVEL = 3;

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case ZSTD ->
                new Compressor(codec) {
                    @Override
                    byte[] compress(byte[] page) {
                        return Zstd.compress(page, ZSTD_LEVEL);
                    }
                };
            case SNAPPY ->
                new Compressor(codec) {
                    @Override
                    byte[] compress(byte[] page) throws IOException {
                        return Snappy.compress(page);
                    }
                };
            default -> throw new IllegalArgumentException("the export does not compress with " + codec);
        };
    }

    static CompressionCodecName codec(Compression compression) {
        return switch (compression) {
            case ZSTD -> CompressionCodecName.ZSTD;
            case SNAPPY -> CompressionCodecName.SNAPPY;
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the export writes files, it does not read them");
    }

    @Override
    public void release() {}

    private abstract static class Compressor implements BytesInputCompressor {

        private final CompressionCodecName codec;

        Compressor(CompressionCodecName codec) {
            this.codec = codec;
        }

        abstract byte[] compress(byte[] page) throws IOException;

        @Override
        public BytesInput compress(BytesInput page) throws IOException {
            return BytesInput.from(compress(page.toByteArray()));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codec;
        }

        @Override
        public void release() {}
    }
}
