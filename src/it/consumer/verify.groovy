// Checks the consumer build: its test ran and passed, and depending on odenet-spark brought no Spark and no
// application-only library (JFreeChart, picocli) into the consumer's compile scope.
def check(boolean ok, String message) {
    if (!ok) {
        throw new AssertionError(message)
    }
}

def buildLog = new File(basedir, 'build.log').text
check(buildLog.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0'), 'the consumer test did not run and pass')
check(buildLog.contains('BUILD SUCCESS'), 'the consumer build failed')

def treeFile = new File(basedir, 'target/dependency-tree.txt')
check(treeFile.isFile(), "no $treeFile: dependency:tree did not run")
def tree = treeFile.readLines()
println '[consumer dependency:tree]'
tree.each { println it }

// lines "+- group:artifact:type[:classifier]:version:scope[ (optional)]"; the first is the consumer itself
def dependencies = tree.drop(1).collect { it.replaceFirst(/^[-+|\\ ]+/, '').split(' ')[0].split(':') }
def name = { String[] d -> "${d[0]}:${d[1]}:${d[-1]}".toString() }

def compileScope = dependencies.findAll { it[-1] == 'compile' }.collect(name)
check(compileScope == ['org.odenet:odenet-spark_2.13:compile'],
        "compile scope should hold odenet-spark alone; it holds ${compileScope.size()}: " +
        compileScope.take(8).join(', ') + (compileScope.size() > 8 ? ', ...' : ''))
// the consumer declared spark-mllib provided: every Spark artifact in its tree must come through that
def sparkNotProvided = dependencies.findAll { it[0] == 'org.apache.spark' && it[-1] != 'provided' }.collect(name)
check(sparkNotProvided.isEmpty(), "Spark outside the consumer's provided scope: $sparkNotProvided")
def appOnly = dependencies.findAll { it[1] in ['jfreechart', 'picocli'] }.collect(name)
check(appOnly.isEmpty(), "application-only libraries reached the consumer: $appOnly")
return true
