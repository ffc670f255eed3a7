package io.theeye.ingest;

class LocalTokenBucketsTests extends TokenBucketsContract {

    @Override
    TokenBuckets newBuckets() {
        return new LocalTokenBuckets(now::get);
    }
}
