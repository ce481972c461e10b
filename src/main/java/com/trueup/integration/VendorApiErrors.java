package com.trueup.integration;

import com.trueup.shared.ApiExceptionHandler;
import com.trueup.shared.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Error answers particular to the Vendor API (revoked token, full ingestion queue, body over the limit). Everything else is answered by the application-wide {@link com.trueup.shared.ApiExceptionHandler}, in the
 * same shape: RFC 9457 problem+json whose {@code detail} (repeated as {@code message} for clients that print that)
 * names the problem and, for bad input, the offending {@code field}. Never a 500 for bad input.
 */
abstract class VendorApiErrors {

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, String field) {
        ProblemDetail problem = Problems.forPath(Problems.VENDOR_API_PREFIX, Problems.of(status, detail, field));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @ExceptionHandler(VendorApiSecurity.BodyTooLargeException.class)
    ResponseEntity<ProblemDetail> tooLarge(VendorApiSecurity.BodyTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "The request body exceeds " + e.limit
                + " bytes, the most the Vendor API accepts per request. Send fewer items per call.", null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof VendorApiSecurity.BodyTooLargeException tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        return problem(HttpStatus.BAD_REQUEST, ApiExceptionHandler.readableMessage(e), ApiExceptionHandler.fieldOf(e));
    }

    @ExceptionHandler(VendorTokens.TokenRevoked.class)
    ResponseEntity<ProblemDetail> revoked(VendorTokens.TokenRevoked e) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage(), null);
    }

    @ExceptionHandler(CountIngestion.Busy.class)
    ResponseEntity<ProblemDetail> busy(CountIngestion.Busy e) {
        ResponseEntity<ProblemDetail> answer = problem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage(), null);
        return ResponseEntity.status(answer.getStatusCode()).header("Retry-After", "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(answer.getBody());
    }

}
