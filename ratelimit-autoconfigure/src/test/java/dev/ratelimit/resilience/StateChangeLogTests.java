package dev.ratelimit.resilience;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class StateChangeLogTests {

	@Test
	void oneLinePerStateChangeWithTheNodeId(CapturedOutput output) {
		StateChangeLog log = new StateChangeLog("node-7");
		CircuitBreaker breaker = Breakers.create("log-test", 50, 10, 5, Duration.ofSeconds(5), 0.5, 2);
		log.watch("", breaker);
		log.fallbackStarted("", new IllegalStateException("Redis did not answer within PT0.1S"));
		breaker.transitionToOpenState();
		breaker.transitionToHalfOpenState();
		breaker.transitionToClosedState();
		log.fallbackEnded("", Duration.ofMillis(1500));
		String text = output.getOut() + output.getErr();
		assertThat(text.lines().filter((line) -> line.contains("StateChangeLog"))).hasSize(5);
		assertThat(text).contains("Rate limiter backend unavailable, failure policies apply")
			.contains("Rate limiter circuit breaker State transition from CLOSED to OPEN")
			.contains("Rate limiter backend answering again after 1500 ms");
	}

	@Test
	void linesOfAPartitionNameIt(CapturedOutput output) {
		StateChangeLog log = new StateChangeLog("node-7");
		PartitionBreakers breakers = PartitionBreakers
			.of(Breakers.create("log-test", 50, 10, 5, Duration.ofSeconds(5), 0.5, 2));
		log.watch(breakers);
		breakers.breaker("10.0.0.2:7001").transitionToOpenState();
		log.fallbackStarted("10.0.0.2:7001", new IllegalStateException("down"));
		String text = output.getOut() + output.getErr();
		assertThat(text).contains("Rate limiter circuit breaker of partition 10.0.0.2:7001 State transition")
			.contains("Rate limiter backend of partition 10.0.0.2:7001 unavailable");
	}

	@Test
	void everyLineCarriesTheNodeIdAsAStructuredField() {
		org.slf4j.event.KeyValuePair node = new org.slf4j.event.KeyValuePair("ratelimit.node", "node-7");
		ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
			.getLogger(StateChangeLog.class);
		ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender = new ch.qos.logback.core.read.ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			StateChangeLog log = new StateChangeLog("node-7");
			log.fallbackStarted("", new IllegalStateException("down"));
			log.fallbackEnded("", Duration.ofSeconds(2));
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).hasSize(2)
			.allSatisfy((event) -> assertThat(event.getKeyValuePairs()).anySatisfy((pair) -> {
				assertThat(pair.key).isEqualTo(node.key);
				assertThat(pair.value).isEqualTo(node.value);
			}));
		assertThat(appender.list.get(0).getKeyValuePairs())
			.anySatisfy((pair) -> assertThat(pair.value).isEqualTo("fallback_started"));
	}

}
