package org.renraku.inbound.control;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * IMAP IDLE through Angus Mail (the provider Payara ships), kept in a class of its own: should Angus's IMAP
 * classes not be visible to the application, only this class fails to link and the reader falls back to polling.
 */
public final class Idle {

    private Idle() {
    }

    /**
     * Waits in IDLE until the server reports a change (new mail) or another thread uses the folder; returns false
     * at once when the folder is not an IMAP folder or the server has no IDLE.
     */
    public static boolean await(Folder folder) throws MessagingException {
        if (!(folder instanceof IMAPFolder imap)) {
            return false;
        }
        try {
            imap.idle(true);
            return true;
        } catch (MessagingException e) {
            if (String.valueOf(e.getMessage()).toUpperCase().contains("IDLE NOT SUPPORTED")) {
                return false;
            }
            throw e;
        }
    }
}
