package com.useroffers.offers.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

    private static final String TOKEN = "s3cr3t-t0ken";

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Bearer nonsense", "Basic dXNlcjpwYXNz"})
    void shouldLetEveryQueryThroughWhenNoTokenIsSet(final String authorization) {
        assertThat(BearerToken.of(null).allows(authorization)).isTrue();
        assertThat(BearerToken.of(null).isRequired()).isFalse();
        assertThat(BearerToken.of(null).authorization()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer " + TOKEN, "bearer " + TOKEN, "BEARER " + TOKEN, "Bearer  " + TOKEN + " "})
    void shouldAllowTheTokenUnderTheBearerScheme(final String authorization) {
        assertThat(BearerToken.of(TOKEN).allows(authorization)).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "Bearer", "Bearer ", TOKEN, "Basic " + TOKEN, "Bearer s3cr3t", "Bearer " + TOKEN + "x",
        "Bearer S3CR3T-T0KEN", "Bearer" + TOKEN, "Token " + TOKEN})
    void shouldRefuseAnythingElse(final String authorization) {
        assertThat(BearerToken.of(TOKEN).allows(authorization)).isFalse();
    }

    @Test
    void shouldCarryTheTokenOnForwardedQueriesWithoutPrintingIt() {
        // Given
        final BearerToken token = BearerToken.of(TOKEN);

        // Then
        assertThat(token.isRequired()).isTrue();
        assertThat(token.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(token.toString()).doesNotContain(TOKEN);
    }
}
