'use strict';
// Reads a tenant schema's introspection result the way an independent GraphQL client does (graphql-js, the
// reference implementation) and checks the Relay server specification on it:
//   node check-schema.cjs <introspection.json> <number of object types>
// Exits 1 with one line per problem; graphql-js throws (exit 1) if it cannot build or validate the schema.
const fs = require('fs');
const {
  buildClientSchema, assertValidSchema, getNamedType, isInterfaceType, isListType, isNonNullType, isObjectType,
  isScalarType,
} = require('graphql');

const [file, objectCount] = process.argv.slice(2);
const schema = buildClientSchema(JSON.parse(fs.readFileSync(file, 'utf8')).data);
assertValidSchema(schema);

const problems = [];
const check = (ok, problem) => ok || problems.push(problem);
const typeOf = (type, field) => type && type.getFields()[field] && String(type.getFields()[field].type);
const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'));

function checkNode() {
  const node = schema.getType('Node');
  check(isInterfaceType(node), 'Node is not an interface');
  check(typeOf(node, 'id') === 'ID!', 'Node.id is not ID!');
  const field = schema.getQueryType().getFields().node;
  check(field && String(field.type) === 'Node', 'Query.node does not return Node');
  check(field && field.args.length === 1 && field.args[0].name === 'id' && String(field.args[0].type) === 'ID!',
    'Query.node does not take exactly id: ID!');
  const records = types.filter((t) => isObjectType(t) && typeOf(t, '_id') === 'ID!' && typeOf(t, '_version'));
  check(records.length === Number(objectCount), `${records.length} record types, expected ${objectCount}`);
  for (const record of records) {
    check(record.getInterfaces().some((i) => i.name === 'Node'), `${record.name} does not implement Node`);
  }
}

function checkPageInfo() {
  const pageInfo = schema.getType('PageInfo');
  const expected = { hasNextPage: 'Boolean!', hasPreviousPage: 'Boolean!', startCursor: 'String', endCursor: 'String' };
  for (const [field, type] of Object.entries(expected)) {
    check(typeOf(pageInfo, field) === type, `PageInfo.${field} is not ${type}`);
  }
}

function checkConnection(connection) {
  check(typeOf(connection, 'pageInfo') === 'PageInfo!', `${connection.name}.pageInfo is not PageInfo!`);
  const edges = connection.getFields().edges;
  const list = edges && (isNonNullType(edges.type) ? edges.type.ofType : edges.type);
  check(isListType(list), `${connection.name}.edges is not a list`);
  const edge = edges && getNamedType(edges.type);
  check(isObjectType(edge) && edge.getFields().node, `${connection.name}'s edges have no node`);
  const cursor = isObjectType(edge) && edge.getFields().cursor;
  check(cursor && isScalarType(getNamedType(cursor.type)) && !isListType(cursor.type),
    `${connection.name}'s edges have no scalar cursor`);
}

function checkConnectionArguments(type) {
  for (const field of Object.values(type.getFields())) {
    if (getNamedType(field.type).name.endsWith('Connection')) {
      const args = Object.fromEntries(field.args.map((a) => [a.name, String(a.type)]));
      check(args.first === 'Int' && args.after === 'String', `${type.name}.${field.name} lacks first: Int, after: String`);
    }
  }
}

checkNode();
checkPageInfo();
const connections = types.filter((t) => isObjectType(t) && t.name.endsWith('Connection'));
check(connections.length > 0, 'no connection types');
connections.forEach(checkConnection);
types.filter(isObjectType).forEach(checkConnectionArguments);
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`valid Relay schema: ${types.length} types, ${connections.length} connections`);
