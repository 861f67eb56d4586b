package org.renraku.delivery.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.mail.MessagingException;
import java.util.Map;
import java.util.logging.Logger;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.delivery.control.DkimSigning;
import org.renraku.broadcasts.control.MessageTemplate;

/**
 * Hands each sendable delivery to the writer with the partition's {@link Composer}, which writes the member's
 * message from the broadcast's {@link MessageTemplate} (made once per partition: the parts every member gets alike
 * are encoded once) and signs the bytes with the sending domain's DKIM key when the writer sends it. One instance
 * per partition, so each lane's thread has its own signer (signers are not thread-safe).
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

    private Composer composer;

    @Override
    public Object processItem(Object item) throws Exception {
        DeliveryRun.Pending pending = (DeliveryRun.Pending) item;
        if (!pending.sendable()) {
            return Outgoing.skipped(pending.deliveryId());
        }
        if (composer == null) {
            long id = Long.parseLong(broadcastId);
            String domain = run.signingDomainOf(id); // the network's own domain once proven and published
            DkimSigning signer = keyring.signer(domain).orElse(null);
            if (signer == null) {
                LOG.warning(() -> "No active DKIM key for " + domain + ": broadcast " + broadcastId
                        + " goes out unsigned");
            }
            composer = new Composer(run.composer(id).template(),
                    run.attributeLabels(run.broadcast(id).orElseThrow().network().id()), signer);
        }
        return new Outgoing(pending.deliveryId(), pending, composer);
    }

    /** Writes and signs one member's message; one per partition, used on its thread only. */
    static final class Composer {
        private final MessageTemplate template;
        private final Map<Long, String> labels;
        private final DkimSigning signer;

        Composer(MessageTemplate template, Map<Long, String> labels, DkimSigning signer) {
            this.template = template;
            this.labels = labels;
            this.signer = signer;
        }

        Outgoing.Message compose(DeliveryRun.Pending pending) throws MessagingException {
            MessageTemplate.Rendered message = template.render(DeliveryRun.recipient(pending, labels));
            return new Outgoing.Message(signer == null ? message.bytes() : signer.sign(message.bytes()),
                    message.to(), message.envelopeFrom());
        }
    }
}
