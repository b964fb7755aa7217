package fr.carnets.kernel.maven;

/** Downloads as they happen (called from the resolver's threads). */
public interface TransferProgress {

    void started(String name, String repository, long size);

    void progressed(String name, long transferred);

    void finished(String name, long bytes, boolean ok);

    TransferProgress NONE = new TransferProgress() {
        @Override
        public void started(String name, String repository, long size) {
        }

        @Override
        public void progressed(String name, long transferred) {
        }

        @Override
        public void finished(String name, long bytes, boolean ok) {
        }
    };
}
