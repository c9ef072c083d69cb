package io.looklook.usercenter.config;

import io.looklook.usercenter.application.Accounts;
import io.looklook.usercenter.domain.Mobile;
import java.time.Duration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar usercenter-service.jar --server.port=0 --grant-operator=<mobile>} (what
 * {@code infra/stack grant-operator} runs): gives a registered user the operator role with the service's own database
 * configuration, prints one line and exits (0 done, 1 no such user, 2 not a mobile number). There is no route for it:
 * whoever may grant the role already holds the database's credentials.
 */
@Component
public class GrantOperatorCommand implements ApplicationRunner {

    static final String OPTION = "grant-operator";

    private final Accounts accounts;
    private final ApplicationContext context;

    public GrantOperatorCommand(Accounts accounts, ApplicationContext context) {
        this.accounts = accounts;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption(OPTION)) {
            return;
        }
        String mobile = args.getOptionValues(OPTION).isEmpty() ? "" : args.getOptionValues(OPTION).get(0);
        int status;
        if (!Mobile.isValid(mobile)) {
            System.err.println("grant-operator: '" + mobile + "' is not a mainland China mobile number");
            status = 2;
        } else if (Boolean.TRUE.equals(accounts.grantOperator(mobile).block(Duration.ofSeconds(30)))) {
            System.out.println("grant-operator: " + mobile + " is an operator; its next login gets the admin scopes");
            status = 0;
        } else {
            System.err.println("grant-operator: no user has the mobile " + mobile + " (register first)");
            status = 1;
        }
        System.exit(SpringApplication.exit(context, () -> status));
    }
}
