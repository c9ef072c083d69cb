package io.looklook.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CurrentUserTest {

    @Test
    void aUserIdIsAPositiveInteger() {
        assertThat(CurrentUser.isValidId(7L)).isTrue();
        assertThat(CurrentUser.isValidId(7)).isTrue();
        assertThat(CurrentUser.isValidId(Long.MAX_VALUE)).isTrue();
    }

    @Test
    void zeroNegativeFractionalAndNonNumericIdsAreNot() {
        assertThat(CurrentUser.isValidId(0L)).isFalse();
        assertThat(CurrentUser.isValidId(-5L)).isFalse();
        assertThat(CurrentUser.isValidId(7.5)).isFalse();
        assertThat(CurrentUser.isValidId(7.0)).as("the parser gives 7.0 as a Double: not an integer in the token").isFalse();
        assertThat(CurrentUser.isValidId("7")).isFalse();
        assertThat(CurrentUser.isValidId(null)).isFalse();
    }
}
