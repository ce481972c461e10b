/**
 * Shared kernel: the signed-in principal, roles, the clock, paging and the error types every
 * module throws. Open to all modules; holds no business rules.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package com.trueup.shared;
