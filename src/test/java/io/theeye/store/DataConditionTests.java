package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DataConditionTests {

    @Test
    void takesAPathWithOrWithoutItsLeadingDataAndShowsItWith() {
        assertThat(DataCondition.of("user_id", "\"u-42\"", "p", "v").path()).isEqualTo("data.user_id");
        DataCondition nested = DataCondition.of("data.items[0].sku", "1", "p", "v");
        assertThat(nested.path()).isEqualTo("data.items[0].sku");
        assertThat(nested.sqlitePath()).isEqualTo("$.items[0].sku");
        assertThat(nested.postgresPath()).isEqualTo("{items,0,sku}");
    }

    @Test
    void refusesPathsItCannotNameAndValuesThatAreNoScalarsNamingTheField() {
        for (String path : new String[] {
            "", "a..b", "1a", "a.b c", "data.", "a[x]", "a[\"k\"]", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q"
        }) {
            assertThatThrownBy(() -> DataCondition.of(path, "1", "data_path", "equals"))
                    .as(path)
                    .isInstanceOf(ClientRules.Violation.class)
                    .extracting(e -> ((ClientRules.Violation) e).field())
                    .isEqualTo("data_path");
        }
        for (String value : new String[] {"{\"a\": 1}", "[1]", "null", "u-42", "\"unterminated"}) {
            assertThatThrownBy(() -> DataCondition.of("user_id", value, "data_path", "equals"))
                    .as(value)
                    .isInstanceOf(ClientRules.Violation.class)
                    .extracting(e -> ((ClientRules.Violation) e).field())
                    .isEqualTo("equals");
        }
    }

    @Test
    void comparesValuesAsJsonNumbersByTheirValue() {
        DataCondition number = DataCondition.of("user.id", "42", "p", "v");
        assertThat(number.matchesData(json("{\"user\": {\"id\": 42.0}}"))).isTrue();
        assertThat(number.matchesData(json("{\"user\": {\"id\": \"42\"}}"))).isFalse();
        assertThat(number.matchesData(json("{\"user\": [42]}"))).isFalse();
        assertThat(number.valueText())
                .isEqualTo(DataCondition.of("user.id", "42.000", "p", "v").valueText());
        DataCondition flag = DataCondition.of("items[1]", "true", "p", "v");
        assertThat(flag.matchesData(json("{\"items\": [false, true]}"))).isTrue();
        assertThat(flag.matchesData(json("{\"items\": [false, 1]}"))).isFalse();
        assertThat(DataCondition.of("user_id", "\"u-42\"", "p", "v")
                        .matchesEvent(json("{\"data\": {\"user_id\": \"u-42\"}}")))
                .isTrue();
    }

    private static tools.jackson.databind.JsonNode json(String text) {
        return JsonMapper.shared().readTree(text);
    }
}
