package org.keyrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.Secret;

/** keys.json keeps an added key's label; a file written before keys had labels still loads, its keys without one. */
class ManagedKeysFileTest {

    @TempDir
    Path dir;

    @Test
    void should_keep_an_added_keys_label_and_write_none_for_a_key_without_one() throws Exception {
        ManagedKeysFile file = new ManagedKeysFile(dir);
        file.save(ManagedKeys.EMPTY
                .withKeyAdded("p", new ApiKey("work", new Secret("sk-work-0123456789"), 2, "Work account"))
                .withKeyAdded("p", new ApiKey("spare", new Secret("sk-spare-0123456789"), 1)));

        List<ApiKey> added = file.load().changes("p").added();
        assertEquals("Work account", added.get(0).label());
        assertEquals(2, added.get(0).weight());
        assertNull(added.get(1).label());
        assertEquals(1, Files.readString(file.file()).split("\"label\"", -1).length - 1, "one label written");
    }

    @Test
    void should_load_a_keys_file_written_before_labels() throws Exception {
        Files.writeString(dir.resolve(ManagedKeysFile.NAME), """
                {
                  "format" : 1,
                  "note" : "Keys added with `keyrelay keys add`, the admin API or an import, and chosen strategies.",
                  "providers" : {
                    "kimi" : {
                      "keys" : [ {
                        "id" : "second",
                        "secret" : "sk-added-offline-4242",
                        "weight" : 3
                      } ],
                      "strategy" : {
                        "chosen" : "round-robin",
                        "keyringHad" : "fill-first"
                      }
                    }
                  }
                }
                """);

        ManagedKeys keys = new ManagedKeysFile(dir).load();

        ApiKey second = keys.changes("kimi").added().get(0);
        assertEquals("second", second.id());
        assertEquals(3, second.weight());
        assertEquals(new Secret("sk-added-offline-4242"), second.secret());
        assertNull(second.label());
        assertEquals("round-robin", keys.changes("kimi").strategy().chosen().configName());
    }
}
