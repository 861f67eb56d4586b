package org.renraku.delivery.batch;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Map;
import java.util.logging.Logger;
import org.renraku.delivery.boundary.DeliveryRun;
import org.renraku.delivery.boundary.DkimKeyring;
import org.renraku.delivery.control.DkimSigning;
import org.renraku.broadcasts.control.MessageTemplate;

/**
 * Writes one member's message from the broadcast's {@link MessageTemplate} (made once per partition: the parts
 * every member gets alike are encoded once) and signs the bytes with the sending domain's DKIM key. One instance
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

    private MessageTemplate template;
    private Map<Long, String> labels;
    private DkimSigning signer;

    @Override
    public Object processItem(Object item) throws Exception {
        DeliveryRun.Pending pending = (DeliveryRun.Pending) item;
        if (!pending.sendable()) {
            return Outgoing.skipped(pending.deliveryId());
        }
        if (template == null) {
            long id = Long.parseLong(broadcastId);
            template = run.composer(id).template();
            labels = run.attributeLabels(run.broadcast(id).orElseThrow().network().id());
            String domain = DeliveryRun.signingDomain();
            signer = keyring.signer(domain).orElse(null);
            if (signer == null) {
                LOG.warning(() -> "No active DKIM key for " + domain + ": broadcast " + broadcastId
                        + " goes out unsigned");
            }
        }
        MessageTemplate.Rendered message = template.render(DeliveryRun.recipient(pending, labels));
        return new Outgoing(pending.deliveryId(), signer == null ? message.bytes() : signer.sign(message.bytes()),
                message.to(), message.envelopeFrom());
    }
}
