// Checks the consumer build: its test ran and passed, and depending on odenet-spark brought no Spark and no
// application-only library (JFreeChart, picocli) into the consumer's compile scope.
def buildLog = new File(basedir, 'build.log').text
assert buildLog.contains('Tests run: 1, Failures: 0, Errors: 0, Skipped: 0') : 'the consumer test did not run and pass'
assert buildLog.contains('BUILD SUCCESS')

def treeFile = new File(basedir, 'target/dependency-tree.txt')
assert treeFile.isFile() : "no $treeFile: dependency:tree did not run"
def tree = treeFile.readLines()
println '[consumer dependency:tree]'
tree.each { println it }

// lines "+- group:artifact:type[:classifier]:version:scope[ (optional)]"; the first is the consumer itself
def dependencies = tree.drop(1).collect { it.replaceFirst(/^[-+|\\ ]+/, '').split(' ')[0].split(':') }
def compileScope = dependencies.findAll { it[-1] == 'compile' }.collect { "${it[0]}:${it[1]}".toString() }
assert compileScope == ['org.odenet:odenet-spark_2.13'] :
        "compile scope should hold odenet-spark alone, holds $compileScope"
// the consumer declared spark-mllib provided: every Spark artifact in its tree must come through that
def sparkNotProvided = dependencies.findAll { it[0] == 'org.apache.spark' && it[-1] != 'provided' }
assert sparkNotProvided.isEmpty() : "Spark outside the consumer's provided scope: $sparkNotProvided"
def appOnly = dependencies.findAll { it[1] in ['jfreechart', 'picocli'] }
assert appOnly.isEmpty() : "application-only libraries reached the consumer: $appOnly"
return true
