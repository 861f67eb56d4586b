package org.renraku.web.faces;

import jakarta.faces.context.ExceptionHandler;
import jakarta.faces.context.ExceptionHandlerFactory;
import jakarta.faces.context.ExceptionHandlerWrapper;
import jakarta.faces.context.FacesContext;
import org.primefaces.application.exceptionhandler.PrimeExceptionHandler;

/**
 * Exceptions of ajax requests (the paging of the audit log, for one) go through PrimeFaces' exception handler,
 * which redirects the browser to the error page that web.xml maps (an expired view to error/expired.xhtml);
 * without it, an ajax request that fails in the Production stage changes nothing on the page and says nothing.
 * Full-page requests keep the standard handling: the container shows the mapped error page with status 500.
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
            } else {
                getWrapped().handle();
            }
        }
    }
}
