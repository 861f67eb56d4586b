package org.renraku.inbound.control;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * What the inbound reader needs of Angus Mail (the provider Payara ships) beyond the Jakarta Mail API: IMAP
 * IDLE, and fetching whole messages in one command. Kept in a class of its own: should Angus's IMAP classes not
 * be visible to the application, only this class fails to link, and the reader polls and fetches message by
 * message instead.
 */
public final class AngusImap {

    private AngusImap() {
    }

    /**
     * Waits in IDLE until the server reports a change (new mail) or another thread uses the folder; returns false
     * at once when the folder is not an IMAP folder or the server has no IDLE.
     */
    public static boolean idle(Folder folder) throws MessagingException {
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

    /**
     * Ends an IDLE of the folder now, whenever it started (a plain folder command ends it only when the last
     * command is older than a second); does nothing when the folder is not idle or not IMAP. Needed because a
     * mail that arrives just before IDLE is reported while IDLE starts, and IDLE would then wait for the next one.
     */
    public static void wake(Folder folder) throws MessagingException {
        if (folder instanceof IMAPFolder imap && imap.isOpen()) {
            imap.doCommand(protocol -> null); // takes the connection: ends the IDLE first
        }
    }

    /**
     * Fetches the messages whole (headers and body) in one FETCH command, so that reading them afterwards —
     * headers, copies — costs no further round trip to the server, one per message. Does nothing for a folder
     * that is not IMAP.
     */
    public static void fetchWhole(Folder folder, Message[] messages) throws MessagingException {
        if (folder instanceof IMAPFolder && messages.length > 0) {
            FetchProfile whole = new FetchProfile();
            whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
            folder.fetch(messages, whole);
        }
    }
}
