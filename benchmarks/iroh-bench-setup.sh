# Sourced by the objsync <-> iroh benchmarks (iroh-docsync.sh, iroh-blob.sh) from the repository root, with $dir
# set to their scratch directory: installs the iroh 0.35 node (exports OBJSYNC_IROH_NODE), builds objsync-node
# and its test sources offline, and sets $cp to the class path of the benchmark mains (objsync-node's test
# classes and the IrohNode fixture of objsync-net's).
OBJSYNC_IROH_NODE=$(bash ci/iroh-node.sh)
export OBJSYNC_IROH_NODE
ci/mvn -q -o test-compile -pl java/objsync-node -am -P '!jdk17-tests' >&2
ci/mvn -q -o org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath -pl java/objsync-node -Dmdep.includeScope=test \
  -Dmdep.outputFile="$dir/node-classpath.txt" >&2
cp="java/objsync-node/target/test-classes:java/objsync-node/target/classes"
for m in core store docs net; do cp="$cp:java/objsync-$m/target/classes"; done
cp="$cp:java/objsync-net/target/test-classes:$(cat "$dir/node-classpath.txt")"
