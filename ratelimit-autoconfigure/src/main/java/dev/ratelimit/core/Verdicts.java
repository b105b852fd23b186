package dev.ratelimit.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Builds the verdicts of the parts of a request decided together.
 */
public final class Verdicts {

	private Verdicts() {
	}

	/**
	 * Return the verdicts of parts decided in one call: a part that fitted in a call
	 * another part denied is {@link Verdict.Source#NOT_CHARGED}.
	 * @param source who decided
	 * @param decisions one decision per part
	 * @return one verdict per part
	 */
	public static List<@Nullable Verdict> of(Verdict.Source source, List<Decision> decisions) {
		boolean allowed = decisions.stream().allMatch(Decision::allowed);
		List<@Nullable Verdict> verdicts = new ArrayList<>(decisions.size());
		for (Decision decision : decisions) {
			verdicts.add(new Verdict((allowed || !decision.allowed()) ? source : Verdict.Source.NOT_CHARGED, decision));
		}
		return verdicts;
	}

	/**
	 * Return the verdicts of parts of which only one was decided.
	 * @param size the number of parts
	 * @param index the decided part
	 * @param verdict its verdict
	 * @return one verdict per part, {@code null} but at the index
	 */
	public static List<@Nullable Verdict> only(int size, int index, Verdict verdict) {
		@Nullable Verdict[] verdicts = new Verdict[size];
		verdicts[index] = verdict;
		return Arrays.asList(verdicts);
	}

}
