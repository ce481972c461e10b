package com.trueup.web;

import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Friendly pages for server-rendered requests; the REST API has problem+json instead. Input a page cannot use (a query
 * parameter of the wrong type or out of range, a filter value it does not know) answers 400 with the error page naming
 * the parameter, never a 500.
 */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class UiExceptionAdvice {

    private static final int SHOWN_VALUE_LENGTH = 100;

    @ExceptionHandler(NotFoundException.class)
    @ResponseStatus(HttpStatus.NOT_FOUND)
    String notFound(Model model) {
        model.addAttribute("status", 404);
        return "error";
    }

    /** A query parameter bound to a page's parameter record: of the wrong type, or against one of its constraints. */
    @ExceptionHandler(BindException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String unbound(BindException e, HttpServletRequest request, Model model) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors();
        String detail = errors.isEmpty()
                ? "The request is not valid."
                : String.join(
                                "; ",
                                errors.stream().map(UiExceptionAdvice::describe).toList()) + ".";
        return invalid(model, request, errors.isEmpty() ? null : errors.get(0).getField(), detail);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request, Model model) {
        return invalid(model, request, e.getName(), notValid(e.getValue(), e.getName()) + ".");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String missing(MissingServletRequestParameterException e, HttpServletRequest request, Model model) {
        return invalid(model, request, e.getParameterName(), e.getParameterName() + " is required.");
    }

    /** A rule of the module behind the page, e.g. a period outside what the organisation's data reaches. */
    @ExceptionHandler(InvalidInputException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    String invalidInput(InvalidInputException e, HttpServletRequest request, Model model) {
        return invalid(model, request, e.field(), e.getMessage());
    }

    private static String invalid(Model model, HttpServletRequest request, String field, String detail) {
        model.addAttribute("status", 400);
        model.addAttribute("field", field);
        model.addAttribute("detail", detail);
        String path = request.getRequestURI();
        boolean samePage = "GET".equals(request.getMethod()) && path.startsWith("/") && !path.startsWith("//");
        model.addAttribute("retry", samePage ? path : "/");
        return "error";
    }

    private static String describe(FieldError error) {
        if (error.isBindingFailure()) {
            return notValid(error.getRejectedValue(), error.getField());
        }
        return error.getField() + " "
                + (error.getDefaultMessage() == null ? "is not valid" : error.getDefaultMessage());
    }

    private static String notValid(Object value, String field) {
        String text = String.valueOf(value);
        if (text.length() > SHOWN_VALUE_LENGTH) {
            text = text.substring(0, SHOWN_VALUE_LENGTH) + "…";
        }
        return "'" + text + "' is not a valid value for " + field;
    }
}
