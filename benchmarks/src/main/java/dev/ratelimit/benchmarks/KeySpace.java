package dev.ratelimit.benchmarks;

/**
 * The client keys a run draws from: key 0 is the hot key, keys 1 to {@code n} are the
 * many keys. Contenders turn each name into their own Redis key once, up front.
 *
 * @param names the client keys by index
 */
record KeySpace(String[] names) {

	/**
	 * Create a key space of one hot key and {@code many} other keys.
	 * @param many how many keys the spread scenario draws from
	 * @return the key space
	 */
	static KeySpace of(int many) {
		String[] names = new String[many + 1];
		names[0] = "hot";
		for (int i = 1; i <= many; i++) {
			names[i] = "user-" + i;
		}
		return new KeySpace(names);
	}

	/**
	 * Return the number of keys.
	 * @return the size
	 */
	int size() {
		return this.names.length;
	}

	/**
	 * Return one key's name.
	 * @param index the key's index
	 * @return the name
	 */
	String name(int index) {
		return this.names[index];
	}

}
