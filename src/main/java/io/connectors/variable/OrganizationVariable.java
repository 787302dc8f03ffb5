package io.connectors.variable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A named value of an organization, injected into simple connectors as {@code {{NAME}}}. */
@Entity
@Table(name = "organization_variable")
@IdClass(OrganizationVariable.Key.class)
public class OrganizationVariable {

    @Id
    public String organizationId;

    @Id
    public String name;

    /** Plaintext, or the AES-GCM ciphertext when {@link #secret}. */
    @Column(columnDefinition = "text")
    public String value;

    public boolean secret;

    /** Secret variables: the hosts the value may be sent to ({@link AllowedHosts}, normalized); empty for others. */
    @Column(columnDefinition = "text[]")
    public String[] allowedHosts = new String[0];

    public Instant createdAt;
    public Instant updatedAt;
    public String createdBy;
    public String updatedBy;

    /** Primary key: organization and name. */
    public static class Key implements Serializable {
        public String organizationId;
        public String name;

        public Key() {
        }

        public Key(String organizationId, String name) {
            this.organizationId = organizationId;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(organizationId, k.organizationId) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(organizationId, name);
        }
    }
}
