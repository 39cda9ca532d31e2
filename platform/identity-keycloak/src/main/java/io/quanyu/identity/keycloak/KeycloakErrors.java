package io.quanyu.identity.keycloak;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.idm.ErrorRepresentation;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Turns the admin API's answers and failures into the platform's errors. */
final class KeycloakErrors {
    private static final String KEYCLOAK = "Keycloak";

    private KeycloakErrors() {
    }

    /**
     * Runs an admin call: an unreachable Keycloak becomes {@code DEPENDENCY_UNAVAILABLE}, a 404 becomes
     * {@code notFound}, and any other refusal {@code DEPENDENCY_UNAVAILABLE} (the cause goes to the log).
     */
    static <T> T call(Supplier<T> call, Supplier<QuanyuException> notFound) {
        try {
            return call.get();
        } catch (NotFoundException e) {
            throw notFound.get();
        } catch (ProcessingException | WebApplicationException e) {
            throw new QuanyuException(ErrorCode.DEPENDENCY_UNAVAILABLE, Map.of("dependency", KEYCLOAK), e);
        }
    }

    /** Runs an admin call that cannot meet a missing object. */
    static <T> T call(Supplier<T> call) {
        return call(call, () -> new QuanyuException(ErrorCode.DEPENDENCY_UNAVAILABLE, Map.of("dependency", KEYCLOAK)));
    }

    static void run(Runnable call, Supplier<QuanyuException> notFound) {
        call(() -> {
            call.run();
            return null;
        }, notFound);
    }

    /** A refused create: 409 is {@code conflict}; a 400 names the field the realm's user profile refused. */
    static QuanyuException refused(Response response, Supplier<QuanyuException> conflict) {
        if (response.getStatus() == 409) {
            return conflict.get();
        }
        ErrorRepresentation error = readError(response);
        if (response.getStatus() == 400 && error != null) {
            List<ErrorRepresentation> errors = error.getErrors() == null || error.getErrors().isEmpty()
                    ? List.of(error) : error.getErrors();
            return QuanyuException.invalid(errors.stream().map(KeycloakErrors::violation).toList());
        }
        return new QuanyuException(ErrorCode.DEPENDENCY_UNAVAILABLE, Map.of("dependency", KEYCLOAK),
                new IllegalStateException("Keycloak answered " + response.getStatus()));
    }

    private static FieldViolation violation(ErrorRepresentation error) {
        String pointer = error.getField() == null ? "" : "/" + error.getField();
        return new FieldViolation(pointer, "rejected", String.valueOf(error.getErrorMessage()));
    }

    static ErrorRepresentation readError(Response response) {
        try {
            return response.readEntity(ErrorRepresentation.class);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
