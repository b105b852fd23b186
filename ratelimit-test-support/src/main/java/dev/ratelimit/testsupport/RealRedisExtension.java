package dev.ratelimit.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the shared real {@link RedisEndpoint} (see
 * {@link TestRedis}) into test constructors, lifecycle methods and test methods.
 *
 * <pre class="code">
 * &#064;ExtendWith(RealRedisExtension.class)
 * class MyTests {
 *     &#064;Test
 *     void works(RedisEndpoint redis) { ... }
 * }
 * </pre>
 */
public class RealRedisExtension implements ParameterResolver {

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == RedisEndpoint.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return TestRedis.shared();
	}

}
