package org.keyrelay.admin;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted export file. Format 1, all numbers big-endian:
 * <pre>
 *   "KEYRELAY-EXPORT\n"   16 bytes, the magic
 *   version               1 byte  (1)
 *   kdf                   1 byte  (1 = PBKDF2-HMAC-SHA256)
 *   iterations            4 bytes (600,000 when written; 600,000 to 10,000,000 accepted)
 *   salt length, salt     1 + 16 bytes, random per file
 *   iv length, iv         1 + 12 bytes, random per file
 *   ciphertext            AES-256-GCM of the content, 128-bit tag; the header above is its associated data
 * </pre>
 * The key is derived from the password and the salt. A wrong password and a changed byte anywhere (header
 * included) fail the same way, and nothing is returned.
 */
public final class ExportCipher {

    static final byte[] MAGIC = "KEYRELAY-EXPORT\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int KDF_PBKDF2_SHA256 = 1;
    public static final int ITERATIONS = 600_000;
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final int SALT_BYTES = 16;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Why a file could not be opened; the message is for the operator and holds nothing secret. */
    public static final class CannotOpen extends Exception {
        CannotOpen(String message) {
            super(message, null, false, false);
        }
    }

    private ExportCipher() {
    }

    public static byte[] seal(byte[] content, char[] password) {
        checkPassword(password);
        byte[] salt = random(SALT_BYTES);
        byte[] iv = random(IV_BYTES);
        byte[] header = header(ITERATIONS, salt, iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(password, salt, ITERATIONS), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(header);
            byte[] sealed = cipher.doFinal(content);
            return ByteBuffer.allocate(header.length + sealed.length).put(header).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this Java: " + e.getMessage());
        }
    }

    public static byte[] open(byte[] file, char[] password) throws CannotOpen {
        checkPassword(password);
        if (file.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(file, MAGIC.length), MAGIC)) {
            throw new CannotOpen("not a Keyrelay export file");
        }
        ByteBuffer in = ByteBuffer.wrap(file, MAGIC.length, file.length - MAGIC.length);
        try {
            int version = in.get() & 0xff;
            if (version != VERSION) {
                throw new CannotOpen("export format " + version + " is not one this Keyrelay reads (it reads " + VERSION + ")");
            }
            int kdf = in.get() & 0xff;
            int iterations = in.getInt();
            if (kdf != KDF_PBKDF2_SHA256 || iterations < ITERATIONS || iterations > MAX_ITERATIONS) {
                throw new CannotOpen("wrong password or damaged file");
            }
            byte[] salt = new byte[in.get() & 0xff];
            in.get(salt);
            byte[] iv = new byte[in.get() & 0xff];
            in.get(iv);
            if (salt.length != SALT_BYTES || iv.length != IV_BYTES) {
                throw new CannotOpen("wrong password or damaged file");
            }
            byte[] header = Arrays.copyOf(file, in.position());
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(password, salt, iterations), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(header);
            return cipher.doFinal(file, in.position(), file.length - in.position());
        } catch (java.nio.BufferUnderflowException | AEADBadTagException e) {
            throw new CannotOpen("wrong password or damaged file");
        } catch (GeneralSecurityException e) {
            throw new CannotOpen("wrong password or damaged file");
        }
    }

    private static byte[] header(int iterations, byte[] salt, byte[] iv) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeByte(KDF_PBKDF2_SHA256);
            out.writeInt(iterations);
            out.writeByte(salt.length);
            out.write(salt);
            out.writeByte(iv.length);
            out.write(iv);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static SecretKeySpec key(char[] password, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return new SecretKeySpec(key, "AES");
        } finally {
            spec.clearPassword();
        }
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length == 0) {
            throw AdminProblem.badHiddenValue("password", "must not be empty");
        }
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
