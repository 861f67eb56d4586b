package org.renraku.adminsession.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InstanceNameTest {

    @Test
    void twoDomainsOnOneHostShouldBeTwoInstances() {
        String a = AdminSessions.instanceName("host1", "/opt/payara6/glassfish/domains/domain1", "server");
        String b = AdminSessions.instanceName("host1", "/opt/payara6/glassfish/domains/two", "server");
        assertThat(a).isEqualTo("host1/domain1/server");
        assertThat(b).isEqualTo("host1/two/server").isNotEqualTo(a);
    }

    @Test
    void theSameDomainRestartedShouldBeTheSameInstance() {
        assertThat(AdminSessions.instanceName("host1", "/d/domains/domain1/", "server"))
                .isEqualTo(AdminSessions.instanceName("host1", "/d/domains/domain1", "server"));
    }

    @Test
    void withoutAnInstanceRootTheNameShouldBeHostAndServer() {
        assertThat(AdminSessions.instanceName("host1", null, "server")).isEqualTo("host1/server");
    }
}
