package org.renraku.delivery.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.logging.Logger;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.delivery.control.DkimSigning;
import org.renraku.broadcasts.control.MessageComposer;

/**
 * Composes one member's message ({@link MessageComposer}) and signs it with the sending domain's DKIM key. One
 * instance per partition, so each lane's thread has its own signer (signers are not thread-safe).
 */
@Named("composeProcessor")
@Dependent
public class ComposeProcessor implements ItemProcessor {

    private static final Logger LOG = Logger.getLogger(ComposeProcessor.class.getName());

    @Inject
    DeliveryRun run;

    @Inject
    DkimKeyring keyring;

    @Inject
    @BatchProperty(name = "broadcastId")
    String broadcastId;

    private MessageComposer composer;
    private Map<Long, String> labels;
    private DkimSigning signer;

    @Override
    public Object processItem(Object item) throws Exception {
        DeliveryRun.Pending pending = (DeliveryRun.Pending) item;
        if (!pending.sendable()) {
            return new Outgoing(pending.deliveryId(), null);
        }
        if (composer == null) {
            long id = Long.parseLong(broadcastId);
            composer = run.composer(id);
            labels = run.attributeLabels(run.broadcast(id).orElseThrow().network().id());
            String domain = DeliveryRun.signingDomain();
            signer = keyring.signer(domain).orElse(null);
            if (signer == null) {
                LOG.warning(() -> "No active DKIM key for " + domain + ": broadcast " + broadcastId
                        + " goes out unsigned");
            }
        }
        MimeMessage message = composer.compose(DeliveryRun.recipient(pending, labels)).message();
        return new Outgoing(pending.deliveryId(), signer == null ? message : signer.sign(message));
    }
}
