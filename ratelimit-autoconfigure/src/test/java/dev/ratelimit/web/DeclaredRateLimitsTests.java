package dev.ratelimit.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.ratelimit.core.LimitSpec;
import dev.ratelimit.core.TestTiers;
import dev.ratelimit.core.Tier;
import dev.ratelimit.core.TierRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which declarations apply to a handler method, and in which order.
 */
class DeclaredRateLimitsTests {

	private final DeclaredRateLimits declarations = new DeclaredRateLimits(
			new TierRegistry(List.of(tier("a"), tier("b"), tier("c"), tier("d")), Map.of()));

	@Test
	void classDeclarationsComeFirstThenTheMethodsInSourceOrder() throws Exception {
		assertThat(tiers(Annotated.class, "repeated")).containsExactly("a", "b", "c");
	}

	@Test
	void aMethodsOwnDeclarationReplacesTheInterfaceMethodsItImplements() throws Exception {
		assertThat(tiers(Overriding.class, "get")).containsExactly("d");
		assertThat(tiers(Implementing.class, "get")).containsExactly("b");
	}

	@Test
	void aComposedAnnotationDeclaresItsTier() throws Exception {
		assertThat(tiers(Annotated.class, "composed")).containsExactly("a", "c");
	}

	@Test
	void oneDeclarationWhoseKeyReadsAnArgumentMakesEveryDeclarationWaitForTheArguments() throws Exception {
		HandlerLimits limits = limits(Annotated.class, "keyed");
		assertThat(limits.beforeArguments()).isEmpty();
		assertThat(limits.withArguments()).extracting(DeclaredLimit::tier).containsExactly("a", "b", "c", "d");
	}

	@Test
	void declarationsReadingNoArgumentAreAllChargedBeforeTheArguments() throws Exception {
		HandlerLimits limits = limits(Annotated.class, "repeated");
		assertThat(limits.beforeArguments()).extracting(DeclaredLimit::tier).containsExactly("a", "b", "c");
		assertThat(limits.withArguments()).isEmpty();
	}

	@Test
	void anUnknownTierNamesTheHandlerMethod() {
		assertThatIllegalStateException().isThrownBy(() -> limits(Unknown.class, "get"))
			.withMessageContaining("@RateLimited on " + Unknown.class.getName() + ".get() names unknown tier 'x'");
	}

	private List<String> tiers(Class<?> type, String name) throws Exception {
		HandlerLimits limits = limits(type, name);
		return java.util.stream.Stream.concat(limits.beforeArguments().stream(), limits.withArguments().stream())
			.map(DeclaredLimit::tier)
			.toList();
	}

	private HandlerLimits limits(Class<?> type, String name) throws NoSuchMethodException {
		Method method = type.getMethod(name);
		return this.declarations.forHandler(method, type);
	}

	private static Tier tier(String name) {
		return TestTiers.of(name, List.of(LimitSpec.of("per-minute", 10, Duration.ofMinutes(1), 10)));
	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@RateLimited(tier = "c")
	@interface TierC {

	}

	@RateLimited(tier = "a")
	public static class Annotated {

		@RateLimited(tier = "b")
		@RateLimited(tier = "c")
		public void repeated() {
		}

		@TierC
		public void composed() {
		}

		@RateLimited(tier = "b", key = "#request.getHeader('X-Tenant')")
		@RateLimited(tier = "c", key = "#tenant.toLowerCase()")
		@RateLimited(tier = "d", key = "#address")
		public void keyed() {
		}

	}

	public interface Api {

		@RateLimited(tier = "b")
		void get();

	}

	public static class Implementing implements Api {

		@Override
		public void get() {
		}

	}

	public static class Overriding implements Api {

		@Override
		@RateLimited(tier = "d")
		public void get() {
		}

	}

	public static class Unknown {

		@RateLimited(tier = "x")
		public void get() {
		}

	}

}
