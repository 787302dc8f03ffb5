package io.connectors.variable.repository;

import io.connectors.variable.OrganizationVariable;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Organization variables, always within one organization. */
@ApplicationScoped
public class VariableRepository implements PanacheRepositoryBase<OrganizationVariable, OrganizationVariable.Key> {

    public Uni<List<OrganizationVariable>> listInOrganization(String organizationId) {
        return list("organizationId", Sort.by("name"), organizationId);
    }

    public Uni<Boolean> deleteInOrganization(String organizationId, String name) {
        return delete("organizationId = :org and name = :name",
                Parameters.with("org", organizationId).and("name", name)).map(count -> count > 0);
    }
}
