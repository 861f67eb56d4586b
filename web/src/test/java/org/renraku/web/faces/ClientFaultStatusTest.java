package org.renraku.web.faces;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.faces.FacesException;
import jakarta.faces.application.ProtectedViewException;
import jakarta.faces.application.ViewExpiredException;
import org.junit.jupiter.api.Test;
import org.primefaces.csp.CspException;

/** Which failures of a full-page request are the request's own fault, and with which status they answer. */
class ClientFaultStatusTest {

    @Test
    void anExpiredOrUnknownViewStateShouldAnswer400() {
        assertThat(AjaxExceptionHandlerFactory.clientFaultStatus(new ViewExpiredException("gone", "/console/index.xhtml")))
                .isEqualTo(400);
        assertThat(AjaxExceptionHandlerFactory.clientFaultStatus(
                new FacesException(new ViewExpiredException("gone", "/console/index.xhtml")))).isEqualTo(400);
    }

    @Test
    void aPostbackWithAForeignCspNonceShouldAnswer400() {
        assertThat(AjaxExceptionHandlerFactory.clientFaultStatus(new CspException("CSP nonce mismatch"))).isEqualTo(400);
    }

    @Test
    void aConsolePageWithoutItsTokenShouldAnswer403() {
        assertThat(AjaxExceptionHandlerFactory.clientFaultStatus(new FacesException(new ProtectedViewException())))
                .isEqualTo(403);
    }

    @Test
    void anyOtherFailureShouldStayAServerError() {
        assertThat(AjaxExceptionHandlerFactory.clientFaultStatus(new FacesException(new IllegalStateException())))
                .isZero();
        assertThat(AjaxExceptionHandlerFactory.clientFaultStatus(new NullPointerException())).isZero();
    }
}
