package fr.carnets.kernel.maven.impl;

import fr.carnets.kernel.maven.TransferProgress;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;

/** Passes downloads (not uploads, not local lookups) on to the kernel's progress display. */
final class ProgressListener extends AbstractTransferListener {

    private final TransferProgress progress;

    ProgressListener(TransferProgress progress) {
        this.progress = progress;
    }

    private static String name(TransferEvent e) {
        String n = e.getResource().getResourceName();
        return n.substring(n.lastIndexOf('/') + 1);
    }

    @Override
    public void transferInitiated(TransferEvent e) {
        if (Boolean.getBoolean("carnets.maven.debug")) {
            System.err.println("maven: " + e.getRequestType() + " " + e.getResource().getRepositoryUrl() + e.getResource().getResourceName());
        }
    }

    @Override
    public void transferStarted(TransferEvent e) {
        progress.started(name(e), e.getResource().getRepositoryId(), e.getResource().getContentLength());
    }

    @Override
    public void transferProgressed(TransferEvent e) {
        progress.progressed(name(e), e.getTransferredBytes());
    }

    @Override
    public void transferSucceeded(TransferEvent e) {
        progress.finished(name(e), e.getTransferredBytes(), true);
    }

    @Override
    public void transferFailed(TransferEvent e) {
        progress.finished(name(e), e.getTransferredBytes(), false);
    }
}
