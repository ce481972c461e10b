package com.trueup.psa.bms;

import com.trueup.psa.connector.AuthKind;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.http.HttpKit;
import org.springframework.stereotype.Component;

/** Kaseya BMS (V2 REST API): accounts, services and recurring contracts; new services added to contracts. */
@Component
class KaseyaBmsConnector extends BmsFamilyConnector {

    static final String TYPE = "kaseya-bms";

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "Kaseya BMS")
            .description("Signs in with a BMS user (an API Employee is recommended), its password and your company "
                    + "(tenant) name, on your region's API server.")
            .baseUrl(BaseUrlField.required(
                            "API server",
                            "Your region's API server, or the address of your own API "
                                    + "server (BMS shows your server under My Settings)")
                    .choice("US", "https://api.bms.kaseya.com")
                    .choice("EMEA", "https://api.bmsemea.kaseya.com")
                    .choice("APAC", "https://api.bmsapac.kaseya.com"))
            .credential(CredentialField.plain(
                    "userName",
                    "User name",
                    "The BMS user TrueUp signs in as; an API Employee "
                            + "(Admin > HR > Employees, user type API Employee) uses no licence."))
            .credential(CredentialField.secret("password", "Password", "The user's password."))
            .credential(CredentialField.plain(
                    "tenant", "Company (tenant)", "Your company name as BMS shows it under " + "My Settings."))
            .auth(AuthKind.SIGN_IN_TOKEN)
            .setting(billableContractTypes())
            .setting(billableContractStatuses())
            .setting(nonBillableAccountTypes())
            .setting(pageSizeSetting())
            .setupHelp("In BMS, give a security role the special feature 'Has API Access' (Admin > Security > Roles) "
                    + "with the rights to read accounts, services and contracts and to edit contracts; create an employee "
                    + "of user type API Employee with that role (Admin > HR > Employees) and use its user name, password "
                    + "and company name here. Contract lines and their units come from a file: export each recurring "
                    + "contract's services and import them (see the PSA connectors documentation).")
            .capabilities(familyCapabilities("BMS"))
            .build();

    KaseyaBmsConnector(HttpKit kit) {
        super(DESCRIPTOR, kit);
    }
}
