package org.renraku.web.faces;

import jakarta.faces.application.ProtectedViewException;
import jakarta.faces.application.ViewExpiredException;
import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.FacesContext;
import jakarta.faces.event.ExceptionQueuedEvent;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.primefaces.application.exceptionhandler.PrimeExceptionHandler;
import org.primefaces.csp.CspException;

/**
 * Exceptions of ajax requests (the paging of the audit log, for one) go through PrimeFaces' exception handler,
 * which redirects the browser to the error page that web.xml maps (an expired view to error/expired.xhtml);
 * without it, an ajax request that fails in the Production stage changes nothing on the page and says nothing.
 * <p>
 * Full-page requests that failed through the request's own fault answer with a 4xx status and the
 * application's error page (web.xml maps the status), not with a 500:
 * <ul>
 *   <li>an expired or unknown view state ({@link ViewExpiredException}), or a postback whose CSP nonce does not
 *       belong to its view ({@link CspException}): 400, 「画面の有効期限が切れました」;</li>
 *   <li>a console or operator page requested without its per-session token (a bookmark, a copied or forged URL:
 *       {@link ProtectedViewException}): 403.</li>
 * </ul>
 * Everything else keeps the standard handling: the container shows the mapped error page with status 500.
 * Declared in faces-config.xml.
 */
public class AjaxExceptionHandlerFactory extends ExceptionHandlerFactory {

    public AjaxExceptionHandlerFactory(ExceptionHandlerFactory wrapped) {
        super(wrapped);
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        ExceptionHandler standard = getWrapped().getExceptionHandler();
        return new AjaxOnly(standard, new PrimeExceptionHandler(standard));
    }

    /** The status a full-page request answers with when it failed with this exception; 0 for a server fault. */
    static int clientFaultStatus(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ViewExpiredException || t instanceof CspException) {
                return HttpServletResponse.SC_BAD_REQUEST;
            }
            if (t instanceof ProtectedViewException) {
                return HttpServletResponse.SC_FORBIDDEN;
            }
        }
        return 0;
    }

    private static final class AjaxOnly extends ExceptionHandlerWrapper {

        private final ExceptionHandler ajax;

        AjaxOnly(ExceptionHandler standard, ExceptionHandler ajax) {
            super(standard);
            this.ajax = ajax;
        }

        @Override
        public void handle() {
            FacesContext context = FacesContext.getCurrentInstance();
            if (context != null && context.getPartialViewContext().isAjaxRequest()) {
                ajax.handle();
                return;
            }
            if (context != null) {
                answerClientFaults(context);
            }
            getWrapped().handle();
        }

        /** The first exception caused by the request itself becomes its 4xx answer; the others are dropped. */
        private void answerClientFaults(FacesContext context) {
            int status = 0;
            Iterator<ExceptionQueuedEvent> events = getUnhandledExceptionQueuedEvents().iterator();
            while (events.hasNext()) {
                int fault = clientFaultStatus(events.next().getContext().getException());
                if (fault > 0) {
                    status = status == 0 ? fault : status;
                    events.remove();
                }
            }
            if (status == 0 || context.getResponseComplete()) {
                return;
            }
            try {
                if (!context.getExternalContext().isResponseCommitted()) {
                    context.getExternalContext().responseSendError(status, null);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            context.responseComplete();
        }
    }
}
