package com.trueup.shared;

/** The resource does not exist in the caller's organisation (other tenants' data is "not found" too). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }

    public static NotFoundException of(String what, Object id) {
        return new NotFoundException(what + " " + id + " not found");
    }
}
