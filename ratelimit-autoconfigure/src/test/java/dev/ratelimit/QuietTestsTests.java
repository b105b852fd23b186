package dev.ratelimit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that verify print nothing: only a test tagged {@code measurement} (run with
 * {@code -Pmeasurements}), or a class so tagged, writes to {@code System.out} or
 * {@code System.err}.
 */
class QuietTestsTests {

	// the test classes alone: what they print is in their own bytecode
	private static final JavaClasses TEST_CLASSES = ArchConfiguration.withThreadLocalScope((configuration) -> {
		configuration.setResolveMissingDependenciesFromClassPath(false);
		return new ClassFileImporter().importPath(Path.of("target", "test-classes"));
	});

	@Test
	void onlyMeasurementsPrint() {
		List<String> printing = new ArrayList<>();
		for (JavaClass testClass : TEST_CLASSES) {
			for (JavaCodeUnit codeUnit : testClass.getCodeUnits()) {
				if (measurement(codeUnit.tryGetAnnotationOfType(Tag.class)) || measurement(testClass)) {
					continue;
				}
				for (JavaFieldAccess access : codeUnit.getFieldAccesses()) {
					if (access.getTargetOwner().isEquivalentTo(System.class)
							&& Set.of("out", "err").contains(access.getTarget().getName())) {
						printing.add(access.getDescription());
					}
				}
			}
		}
		assertThat(printing).isEmpty();
	}

	private static boolean measurement(JavaClass owner) {
		return measurement(owner.tryGetAnnotationOfType(Tag.class))
				|| owner.getEnclosingClass().map(QuietTestsTests::measurement).orElse(false);
	}

	private static boolean measurement(Optional<Tag> tag) {
		return tag.map((value) -> "measurement".equals(value.value())).orElse(false);
	}

}
