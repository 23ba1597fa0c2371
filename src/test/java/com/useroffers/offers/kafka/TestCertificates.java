package com.useroffers.offers.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS material for a secured test broker, made at test time with the JDK's {@code keytool} in the test's
 * own directory (nothing with a private key is ever committed): a throw-away CA, a broker key pair whose
 * certificate the CA signs for {@code IP:127.0.0.1} (so clients verify the host name as in production),
 * and a PKCS12 truststore holding only the CA's certificate, for clients. The CA's key store is deleted
 * once it has signed. Elliptic-curve keys: generated in milliseconds, unlike RSA.
 *
 * @param keystore the broker's PKCS12 key store (its key and the chain CA -> broker)
 * @param truststore the clients' PKCS12 trust store (the CA certificate)
 * @param password the password of both stores (random per run, a secret the tests look for in outputs)
 */
public record TestCertificates(Path keystore, Path truststore, String password) {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;
    private static final String VALIDITY_DAYS = "2";

    /** Generates the stores in {@code dir}. */
    public static TestCertificates generate(final Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final String password = randomSecret();
        final Path ca = dir.resolve("ca.p12");
        final Path caCert = dir.resolve("ca.pem");
        final Path keystore = dir.resolve("broker.p12");
        final Path request = dir.resolve("broker.csr");
        final Path signed = dir.resolve("broker.pem");
        final Path truststore = dir.resolve("truststore.p12");
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=offers-test-ca",
                "-ext", "bc:c", "-validity", VALIDITY_DAYS, "-storetype", "PKCS12", "-keystore", ca, "-storepass", password);
        keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", password, "-file", caCert);
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", VALIDITY_DAYS, "-storetype", "PKCS12", "-keystore", keystore, "-storepass", password);
        keytool(dir, "-certreq", "-alias", "broker", "-keystore", keystore, "-storepass", password, "-file", request);
        keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", password, "-infile", request,
                "-outfile", signed, "-ext", "SAN=IP:127.0.0.1", "-ext", "EKU=serverAuth", "-validity", VALIDITY_DAYS);
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert, "-keystore", keystore, "-storepass", password);
        keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", signed, "-keystore", keystore, "-storepass", password);
        keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert, "-storetype", "PKCS12",
                "-keystore", truststore, "-storepass", password);
        try {
            Files.delete(ca);
            Files.delete(request);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestCertificates(keystore, truststore, password);
    }

    /** 32 hex digits from a strong random source: a password no test can guess or find by accident. */
    public static String randomSecret() {
        final byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void keytool(final Path dir, final Object... arguments) {
        final String java = KafkaNode.javaBinary();
        final List<String> command = new ArrayList<>();
        command.add(Path.of(java).resolveSibling("keytool").toString());
        for (final Object argument : arguments) {
            command.add(argument.toString());
        }
        final Path output = dir.resolve("keytool.log");
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " did not finish; see " + output);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed; see " + output);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
