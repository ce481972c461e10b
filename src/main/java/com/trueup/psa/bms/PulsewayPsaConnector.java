package com.trueup.psa.bms;

import com.trueup.psa.connector.AuthKind;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.http.HttpKit;
import org.springframework.stereotype.Component;

/** Pulseway PSA: the BMS platform's V2 REST API on Pulseway's server. */
@Component
class PulsewayPsaConnector extends BmsFamilyConnector {

    static final String TYPE = "pulseway-psa";

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "Pulseway PSA")
            .description("Signs in with a Pulseway PSA user (an API Employee is recommended), its password and your "
                    + "company (tenant) name.")
            .baseUrl(BaseUrlField.required("API server", "Pulseway PSA's API server, or the address of your own")
                    .choice("Pulseway PSA", "https://api.psa.pulseway.com"))
            .credential(CredentialField.plain(
                    "userName",
                    "User name",
                    "The PSA user TrueUp signs in as; an API Employee " + "uses no licence and is not asked for MFA."))
            .credential(CredentialField.secret("password", "Password", "The user's password."))
            .credential(CredentialField.plain(
                    "tenant", "Company (tenant)", "Your company name as you enter it when you " + "sign in."))
            .auth(AuthKind.SIGN_IN_TOKEN)
            .setting(billableContractTypes())
            .setting(billableContractStatuses())
            .setting(nonBillableAccountTypes())
            .setting(pageSizeSetting())
            .setupHelp(
                    "In Pulseway PSA, create an employee of user type API Employee with a security role that may use "
                            + "the API, read accounts, services and contracts and edit contracts, and use its user name, password "
                            + "and company name here. Contract lines and their units come from a file: export each recurring "
                            + "contract's services and import them (see the PSA connectors documentation).")
            .capabilities(familyCapabilities("Pulseway PSA"))
            .build();

    PulsewayPsaConnector(HttpKit kit) {
        super(DESCRIPTOR, kit);
    }
}
