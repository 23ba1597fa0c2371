package com.useroffers.offers.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserPathTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/users/u-42/offers                  | u-42",
        "/users/a%2Fb/offers                 | a/b",                // an escaped slash is part of the id
        "/users/a/b/offers                   | a/b",                // so is a raw one: prefix and suffix are fixed
        "/users/x/offers/offers              | x/offers",
        "/users/with%20space/offers          | with space",
        "/users/a+b/offers                   | a+b",                // a plus is a plus in a path, not a space
        "/users/%2541/offers                 | %41",                // decoded once, never twice
        "/users/%C3%BCser/offers             | üser",               // UTF-8, percent-encoded
        "/users/%c3%bcser/offers             | üser",               // hex digits in either case
        "/users/%F0%9F%98%80/offers          | \uD83D\uDE00",       // outside the BMP
        "/users/%3F%23%26%3D/offers          | ?#&=",
    })
    void shouldDecodeTheUserIdOfAQueryPath(final String rawPath, final String userId) {
        assertThat(UserPath.userId(rawPath)).isEqualTo(userId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/users/", "/users//offers", "/users/u-1", "/users/u-1/offers/", "/users/u-1/state", "/user/u-1/offers"})
    void shouldNotTakeOtherPathsForAQuery(final String rawPath) {
        assertThat(UserPath.userId(rawPath)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/users/a%2/offers          | bad percent-escape",
        "/users/a%zz/offers         | bad percent-escape",
        "/users/a%/offers           | bad percent-escape",
        "/users/%C3/offers          | not UTF-8",            // a truncated sequence
        "/users/%C0%AF/offers       | not UTF-8",            // an overlong form
        "/users/%ED%A0%80/offers    | not UTF-8",            // an encoded surrogate
        "/users/a%00b/offers        | control character",
        "/users/a%7Fb/offers        | control character",
        "/users/a%0Ab/offers        | control character",
    })
    void shouldRefuseAUserIdThatIsNotWellFormed(final String rawPath, final String problem) {
        assertThatThrownBy(() -> UserPath.userId(rawPath))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem);
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseAUserIdLongerThanTheContractAllows() {
        // Given: 128 code points are fine, 129 are not
        final String longest = "\uD83D\uDE00".repeat(128);

        // Then
        assertThat(UserPath.userId(UserPath.of(longest))).isEqualTo(longest);
        assertThatThrownBy(() -> UserPath.userId(UserPath.of(longest + "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("longer than 128");
    }

    @org.junit.jupiter.api.Test
    void shouldReadRawNonAsciiBytesAsUtf8() {
        // Given: the JDK server hands an unescaped byte over as one ISO-8859-1 character
        final String raw = new String("/users/üser/offers".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

        // Then
        assertThat(UserPath.userId(raw)).isEqualTo("üser");
    }

    @ParameterizedTest
    @ValueSource(strings = {"u-42", "a/b", "with space", "a+b", "%41", "?#&=", "üser \uD83D\uDE00", "\u00A0nbsp", "x/offers"})
    void shouldEncodeEveryUserIdSoThatItDecodesBackToItself(final String userId) {
        // When
        final String path = UserPath.of(userId);

        // Then
        assertThat(path).matches("/users/[A-Za-z0-9._~%-]+/offers");
        assertThat(UserPath.userId(path)).isEqualTo(userId);
    }
}
