/** The UI shell: navigation, the shared page model and the home page with its getting-started checklist. */
package com.trueup.web;
