package io.connectors.variable;

import io.connectors.error.NotFoundException;

/** No variable with this name in the caller's organization. */
public class VariableNotFoundException extends NotFoundException {

    public VariableNotFoundException(String name) {
        super("No variable " + name + " in this organization");
    }
}
