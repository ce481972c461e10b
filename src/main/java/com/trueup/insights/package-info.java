/** Revenue, vendor cost, margin, leaks and trends per service and client. */
package com.trueup.insights;
