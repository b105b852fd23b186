package dev.ratelimit;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The arrows between the packages of the starter, checked on the compiled main classes:
 * {@code core} is the model and needs only the JDK, JSpecify and Caffeine; {@code http},
 * the request pipeline every web stack shares, builds on {@code core} and spring-web's
 * HTTP types alone, free of the servlet and reactive APIs; {@code web} builds on
 * {@code http} and {@code core}; {@code redis} and {@code resilience} build on
 * {@code core} alone; {@code metrics} and {@code actuate} are adapters that see the rest
 * through {@code core}; only {@code autoconfigure} wires everything together; nothing
 * reaches the sample application or the test harness.
 */
class ArchitectureTests {

	private static final String CORE = "dev.ratelimit.core..";

	private static final String HTTP = "dev.ratelimit.http..";

	private static final String WEB = "dev.ratelimit.web..";

	private static final String REDIS = "dev.ratelimit.redis..";

	private static final String RESILIENCE = "dev.ratelimit.resilience..";

	private static final String METRICS = "dev.ratelimit.metrics..";

	private static final String ACTUATE = "dev.ratelimit.actuate..";

	private static final String AUTOCONFIGURE = "dev.ratelimit.autoconfigure..";

	private static final String RESILIENCE4J = "io.github.resilience4j..";

	private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.ratelimit");

	@Test
	void coreDependsOnlyOnTheJdkJSpecifyAndCaffeine() {
		check(classes().that()
			.resideInAPackage(CORE)
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(CORE, "java..", "javax..", "org.jspecify..", "com.github.benmanes.caffeine..")
			.because("core is the model, usable and testable without Spring, Redis or Resilience4j"));
	}

	@Test
	void webDependsOnNoOtherPackageButHttpAndCore() {
		check(noClasses().that()
			.resideInAPackage(WEB)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(REDIS, RESILIENCE, METRICS, ACTUATE, AUTOCONFIGURE)
			.because("the servlet integration reaches the limiter through core interfaces only"));
	}

	@Test
	void httpBuildsOnCoreAndSpringsHttpTypesAlone() {
		check(noClasses().that()
			.resideInAPackage(HTTP)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(WEB, REDIS, RESILIENCE, METRICS, ACTUATE, AUTOCONFIGURE, RESILIENCE4J, "io.lettuce..",
					"redis.clients..", "org.springframework.data.redis..")
			.because("the request pipeline reaches the limiter through core interfaces only"));
		check(noClasses().that()
			.resideInAPackage(HTTP)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.servlet..", "org.springframework.web.servlet..",
					"org.springframework.web.reactive..", "org.springframework.web.server..")
			.because("the servlet and the reactive edges share the pipeline, so it knows neither"));
		check(classes().that()
			.resideInAPackage(HTTP)
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(HTTP, CORE, "java..", "org.jspecify..", "org.slf4j..", "org.springframework.http..")
			.because("the pipeline builds on core and spring-web's HTTP types alone"));
	}

	@Test
	void webDependsOnNoRedisDriverNorResilience4j() {
		check(noClasses().that()
			.resideInAPackage(WEB)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.lettuce..", "redis.clients..", "org.springframework.data.redis..", RESILIENCE4J)
			.because("wiring the servlet integration by hand must not drag in a backend"));
	}

	@Test
	void redisAndResilienceDependOnNoOtherPackageButCore() {
		check(noClasses().that()
			.resideInAPackage(REDIS)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(WEB, RESILIENCE, METRICS, ACTUATE, AUTOCONFIGURE)
			.because("the Redis backend builds on core alone"));
		check(noClasses().that()
			.resideInAPackage(RESILIENCE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(WEB, REDIS, METRICS, ACTUATE, AUTOCONFIGURE)
			.because("the failure policy guards any core RateLimiter, whatever its backend"));
	}

	@Test
	void metricsAndActuateDoNotReachIntoWeb() {
		check(noClasses().that()
			.resideInAnyPackage(METRICS, ACTUATE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(WEB)
			.because("metrics and actuator adapters work for any entry point, not only the servlet one"));
	}

	@Test
	void metricsAndActuateSeeTheBackendAndTheBreakerThroughCore() {
		check(noClasses().that()
			.resideInAnyPackage(METRICS, ACTUATE)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(REDIS, RESILIENCE, RESILIENCE4J, "io.lettuce..", "redis.clients..",
					"org.springframework.data.redis..")
			.because("adapters report what core exposes, whichever backend and breaker sit behind it"));
	}

	@Test
	void metricsAndActuateAreIndependentOfEachOther() {
		check(noClasses().that()
			.resideInAPackage(METRICS)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ACTUATE)
			.because("each adapter can be left out"));
		check(noClasses().that()
			.resideInAPackage(ACTUATE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(METRICS)
			.because("each adapter can be left out"));
	}

	@Test
	void onlyAutoConfigurationDependsOnAutoConfiguration() {
		check(noClasses().that()
			.resideOutsideOfPackage(AUTOCONFIGURE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(AUTOCONFIGURE)
			.because("the library can be wired by hand, without Spring Boot's auto-configuration"));
	}

	@Test
	void nothingDependsOnTheSampleApplicationOrTheTestHarness() {
		check(noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.ratelimit.sample..", "dev.ratelimit.benchmarks..")
			.because("the sample and the benchmarks use the library, never the other way round"));
		check(noClasses().that()
			.resideInAnyPackage(CORE, HTTP, WEB, REDIS, RESILIENCE, METRICS, ACTUATE, AUTOCONFIGURE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.ratelimit.testsupport..")
			.because("the test harness is a test-scope dependency"));
	}

	private static void check(ArchRule rule) {
		rule.check(MAIN_CLASSES);
	}

}
