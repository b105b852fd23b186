package dev.ratelimit;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/reference.md} cannot drift from the configuration metadata: its generated
 * table lists every property of the metadata, with its default and description, and
 * nothing else; its table of keys inside tiers, limits and filter rules lists exactly the
 * bean properties of the types the metadata names for those maps and lists.
 * <p>
 * After changing a property, regenerate the table with
 * {@code ./mvnw -o -q -pl ratelimit-autoconfigure -am test -Dtest=ConfigurationReferenceTests -Dsurefire.failIfNoSpecifiedTests=false -Dreference.write=true}.
 */
class ConfigurationReferenceTests {

	static final Path REFERENCE = Path.of("..", "docs", "reference.md");

	private static final Path METADATA = Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json");

	private static final String BEGIN = "<!-- BEGIN generated from the configuration metadata by ConfigurationReferenceTests -->";

	private static final String END = "<!-- END generated -->";

	private static final Pattern NESTED_ROW = Pattern.compile("^\\| `(ratelimit\\.[^`]*(?:<|\\[i\\])[^`]*)` \\|",
			Pattern.MULTILINE);

	@Test
	void generatedTableIsTheConfigurationMetadata() throws IOException {
		String reference = Files.readString(REFERENCE);
		int begin = reference.indexOf(BEGIN);
		int end = reference.indexOf(END);
		assertThat(begin).as("markers in " + REFERENCE).isNotNegative().isLessThan(end);
		String table = table();
		String current = reference.substring(begin + BEGIN.length(), end);
		if (Boolean.getBoolean("reference.write")) {
			Files.writeString(REFERENCE,
					reference.substring(0, begin + BEGIN.length()) + table + reference.substring(end));
			current = table;
		}
		assertThat(current).as("docs/reference.md, regenerate it with -Dreference.write=true (see this test's Javadoc)")
			.isEqualTo(table);
	}

	@Test
	void keysInsideTiersLimitsAndRulesAreTheBeansProperties() throws Exception {
		Set<String> nested = new TreeSet<>();
		for (JsonNode property : metadata().get("properties")) {
			nested.addAll(nestedKeys(property.get("name").asString(), type(property)));
		}
		Set<String> documented = new TreeSet<>();
		Matcher row = NESTED_ROW.matcher(Files.readString(REFERENCE));
		while (row.find()) {
			documented.add(row.group(1));
		}
		assertThat(documented).isNotEmpty().isEqualTo(nested);
	}

	private static String table() throws IOException {
		StringBuilder table = new StringBuilder("\n| Property | Default | Description |\n|---|---|---|\n");
		for (JsonNode property : metadata().get("properties")) {
			JsonNode value = property.get("defaultValue");
			String defaultValue = (value == null || value.isNull()) ? "" : "`" + value.asString() + "`";
			JsonNode description = property.get("description");
			table.append("| `")
				.append(property.get("name").asString())
				.append("` | ")
				.append(defaultValue)
				.append(" | ")
				.append((description != null) ? description.asString().replace("|", "\\|") : "")
				.append(" |\n");
		}
		return table.append("\n").toString();
	}

	private static JsonNode metadata() throws IOException {
		return JsonMapper.builder().build().readTree(Files.readString(METADATA));
	}

	/**
	 * Return the keys a map or list of beans of this project opens, such as
	 * {@code ratelimit.tiers.<tier>.limits.<limit>.burst}, or none for any other type.
	 */
	private static List<String> nestedKeys(String prefix, Type type) {
		List<String> keys = new ArrayList<>();
		if (!(type instanceof ParameterizedType parameterized)) {
			return keys;
		}
		Type[] arguments = parameterized.getActualTypeArguments();
		Type element = arguments[arguments.length - 1];
		if (!(element instanceof Class<?> bean) || !bean.getName().startsWith("dev.ratelimit.")) {
			return keys;
		}
		String name = prefix.substring(prefix.lastIndexOf('.') + 1);
		String opened = (arguments.length == 2) ? prefix + ".<" + name.replaceAll("s$", "") + ">" : prefix + "[i]";
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(bean)) {
			if (descriptor.getWriteMethod() != null && descriptor.getReadMethod() != null) {
				String key = opened + "." + kebab(descriptor.getName());
				List<String> deeper = nestedKeys(key, descriptor.getReadMethod().getGenericReturnType());
				if (deeper.isEmpty()) {
					keys.add(key);
				}
				keys.addAll(deeper);
			}
		}
		return keys;
	}

	/**
	 * Return the declared type of a metadata property, read from its source type.
	 */
	private static Type type(JsonNode property) throws ClassNotFoundException {
		JsonNode source = property.get("sourceType");
		if (source == null) {
			return Object.class;
		}
		String name = property.get("name").asString();
		String last = name.substring(name.lastIndexOf('.') + 1);
		for (PropertyDescriptor descriptor : BeanUtils
			.getPropertyDescriptors(ClassUtils.forName(source.asString(), null))) {
			if (kebab(descriptor.getName()).equals(last) && descriptor.getReadMethod() != null) {
				return descriptor.getReadMethod().getGenericReturnType();
			}
		}
		return Object.class;
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
	}

}
