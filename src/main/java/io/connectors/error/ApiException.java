package io.connectors.error;

import java.util.List;

/**
 * A failure the caller can act on. Each subclass fixes its HTTP status and problem type, so the exception-to-status
 * table lives in one place: the subclasses of this class plus {@link ProblemMapper} for foreign exceptions.
 * Features extend these with domain exceptions that own their message ({@code ConnectorNotFoundException},
 * {@code VariableNotFoundException}, …), so a text is written once however many services raise it.
 */
public abstract class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final List<Problem.FieldError> errors;

    protected ApiException(int status, String type, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.errors = errors;
    }

    protected ApiException(int status, String type, String detail) {
        this(status, type, detail, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
