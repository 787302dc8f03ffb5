package io.connectors.error;

import java.util.List;

/** The request is malformed or breaks a rule; lists every offending field. */
public class ValidationException extends ApiException {

    public ValidationException(List<Problem.FieldError> errors) {
        super(400, "urn:problem:connectors:validation", summarize(errors), List.copyOf(errors));
    }

    public ValidationException(String field, String message) {
        this(List.of(new Problem.FieldError(field, message)));
    }

    private static String summarize(List<Problem.FieldError> errors) {
        if (errors.size() == 1) {
            Problem.FieldError only = errors.get(0);
            return only.field() + ": " + only.message();
        }
        return errors.size() + " fields are invalid; see errors";
    }
}
