-- Issue 15: a network may send From its own domain once it proves control of it (a TXT token at
-- _renraku.<domain>) and publishes its own DKIM key (dkim_keys with its network_id, activated only when DNS
-- publishes it). Until then its broadcasts go From the service's domain with the network's name.
CREATE TABLE network_sending_domains (
    network_id   BIGINT       NOT NULL,
    domain       VARCHAR(253) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'lower case, no trailing dot',
    token        VARCHAR(64)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL
                 COMMENT 'published as _renraku.<domain> TXT "renraku-verify=<token>"',
    verified_at  DATETIME(3)  NULL COMMENT 'when DNS showed the token; NULL: not proven',
    created_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (network_id),
    UNIQUE KEY uk_network_sending_domains_domain (domain),
    CONSTRAINT fk_network_sending_domains_network FOREIGN KEY (network_id) REFERENCES networks (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
