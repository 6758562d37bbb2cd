using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Bunbase.Runtime.Tests.Architecture;

/// <summary>
/// Which folder of the compiled Runtime uses which: a folder is the namespace segment after
/// <c>Bunbase.Runtime.</c>; a type counts for its outermost declaring type's folder (so the
/// compiler's closures, state machines and lambdas count for the type that holds them). A use is any
/// reference to a type of another folder from a base type, interface, field, method or property
/// signature, generic constraint, attribute, local variable or method body (types, members, tokens).
/// </summary>
internal sealed class FolderGraph
{
    private const string Root = "Bunbase.Runtime.";

    private FolderGraph(Dictionary<string, Dictionary<string, string>> edges) => Edges = edges;

    /// <summary>Folder -> the folders it uses, each with one example (<c>UsingType -> UsedType</c>).</summary>
    public Dictionary<string, Dictionary<string, string>> Edges { get; }

    public static FolderGraph Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var edges = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var collector = new TypeCollector(reader);

        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var from = FolderOf(reader, handle);
            if (from is null)
                continue;
            var used = new HashSet<TypeDefinitionHandle>();
            collector.Sink = used;

            if (!type.BaseType.IsNil)
                collector.AddToken(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations())
                collector.AddToken(reader.GetInterfaceImplementation(i).Interface);
            AddAttributes(reader, collector, type.GetCustomAttributes());
            AddConstraints(reader, collector, type.GetGenericParameters());
            foreach (var f in type.GetFields())
            {
                var field = reader.GetFieldDefinition(f);
                field.DecodeSignature(collector, null);
                AddAttributes(reader, collector, field.GetCustomAttributes());
            }

            foreach (var p in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(p);
                property.DecodeSignature(collector, null);
                AddAttributes(reader, collector, property.GetCustomAttributes());
            }

            foreach (var e in type.GetEvents())
                collector.AddToken(reader.GetEventDefinition(e).Type);

            foreach (var m in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(m);
                method.DecodeSignature(collector, null);
                AddAttributes(reader, collector, method.GetCustomAttributes());
                AddConstraints(reader, collector, method.GetGenericParameters());
                foreach (var p in method.GetParameters())
                    AddAttributes(reader, collector, reader.GetParameter(p).GetCustomAttributes());
                if (method.RelativeVirtualAddress != 0)
                    AddBody(reader, collector, pe.GetMethodBody(method.RelativeVirtualAddress));
            }

            foreach (var target in used)
            {
                var to = FolderOf(reader, target);
                if (to is null || to == from)
                    continue;
                if (!edges.TryGetValue(from, out var targets))
                    edges[from] = targets = new Dictionary<string, string>(StringComparer.Ordinal);
                targets.TryAdd(to, $"{Name(reader, Outermost(reader, handle))} -> {Name(reader, target)}");
            }
        }

        return new FolderGraph(edges);
    }

    /// <summary>Every elementary cycle's representative: the strongly connected components with more than one folder.</summary>
    public List<List<string>> Cycles()
    {
        var cycles = new List<List<string>>();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var counter = 0;
        var nodes = Edges.Keys.Concat(Edges.Values.SelectMany(v => v.Keys)).Distinct().Order(StringComparer.Ordinal).ToList();

        void Visit(string node)
        {
            index[node] = low[node] = counter++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Uses(node))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] != index[node])
                return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            if (component.Count > 1)
                cycles.Add(ShortestCycle(component.ToHashSet()));
        }

        foreach (var node in nodes)
        {
            if (!index.ContainsKey(node))
                Visit(node);
        }

        return cycles;
    }

    public IEnumerable<string> Uses(string folder) =>
        Edges.TryGetValue(folder, out var targets) ? targets.Keys.Order(StringComparer.Ordinal) : [];

    /// <summary>A shortest closed path inside one strongly connected component, to name in a failure.</summary>
    private List<string> ShortestCycle(HashSet<string> component)
    {
        List<string>? best = null;
        foreach (var start in component.Order(StringComparer.Ordinal))
        {
            var previous = new Dictionary<string, string>();
            var queue = new Queue<string>([start]);
            while (queue.Count > 0)
            {
                var node = queue.Dequeue();
                foreach (var next in Uses(node).Where(component.Contains))
                {
                    if (next == start)
                    {
                        var path = new List<string> { node };
                        while (path[^1] != start)
                            path.Add(previous[path[^1]]);
                        path.Reverse();
                        path.Add(start);
                        if (best is null || path.Count < best.Count)
                            best = path;
                        queue.Clear();
                        break;
                    }

                    if (next != start && previous.TryAdd(next, node))
                        queue.Enqueue(next);
                }
            }
        }

        return best!;
    }

    private static void AddAttributes(MetadataReader reader, TypeCollector collector, CustomAttributeHandleCollection attributes)
    {
        foreach (var a in attributes)
            collector.AddToken(reader.GetCustomAttribute(a).Constructor);
    }

    private static void AddConstraints(MetadataReader reader, TypeCollector collector, GenericParameterHandleCollection parameters)
    {
        foreach (var p in parameters)
        {
            foreach (var c in reader.GetGenericParameter(p).GetConstraints())
                collector.AddToken(reader.GetGenericParameterConstraint(c).Type);
        }
    }

    private static void AddBody(MetadataReader reader, TypeCollector collector, MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
            reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(collector, null);
        foreach (var region in body.ExceptionRegions)
        {
            if (!region.CatchType.IsNil)
                collector.AddToken(region.CatchType);
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var opCode = ReadOpCode(ref il);
            switch (OperandOf(opCode))
            {
                case OperandKind.Token:
                    collector.AddToken(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandKind.Switch:
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case var kind:
                    il.Offset += (int)kind;
                    break;
            }
        }
    }

    private enum OperandKind
    {
        None = 0,
        Byte = 1,
        Int32 = 4,
        Int64 = 8,
        Short = 2,
        Token = 100,
        Switch = 101,
    }

    private static ILOpCode ReadOpCode(ref BlobReader il)
    {
        var first = il.ReadByte();
        return first == 0xFE ? (ILOpCode)(0xFE00 | il.ReadByte()) : (ILOpCode)first;
    }

    private static OperandKind OperandOf(ILOpCode op) => op switch
    {
        ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s or ILOpCode.Stloc_s
            or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned
            or ILOpCode.Br_s or ILOpCode.Brfalse_s or ILOpCode.Brtrue_s or ILOpCode.Beq_s or ILOpCode.Bge_s or ILOpCode.Bgt_s
            or ILOpCode.Ble_s or ILOpCode.Blt_s or ILOpCode.Bne_un_s or ILOpCode.Bge_un_s or ILOpCode.Bgt_un_s or ILOpCode.Ble_un_s
            or ILOpCode.Blt_un_s or ILOpCode.Leave_s => OperandKind.Byte,
        ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => OperandKind.Short,
        ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 or ILOpCode.Br or ILOpCode.Brfalse or ILOpCode.Brtrue or ILOpCode.Beq or ILOpCode.Bge
            or ILOpCode.Bgt or ILOpCode.Ble or ILOpCode.Blt or ILOpCode.Bne_un or ILOpCode.Bge_un or ILOpCode.Bgt_un
            or ILOpCode.Ble_un or ILOpCode.Blt_un or ILOpCode.Leave or ILOpCode.Ldstr => OperandKind.Int32,
        ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => OperandKind.Int64,
        ILOpCode.Switch => OperandKind.Switch,
        ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt or ILOpCode.Newobj or ILOpCode.Ldftn or ILOpCode.Ldvirtftn
            or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Castclass or ILOpCode.Isinst or ILOpCode.Unbox or ILOpCode.Ldfld
            or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda or ILOpCode.Stsfld or ILOpCode.Stobj
            or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem or ILOpCode.Stelem or ILOpCode.Unbox_any
            or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken or ILOpCode.Initobj or ILOpCode.Constrained
            or ILOpCode.Sizeof => OperandKind.Token,
        _ => OperandKind.None,
    };

    private static TypeDefinitionHandle Outermost(MetadataReader reader, TypeDefinitionHandle handle)
    {
        while (reader.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } declaring)
            handle = declaring;
        return handle;
    }

    private static string? FolderOf(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var ns = reader.GetString(reader.GetTypeDefinition(Outermost(reader, handle)).Namespace);
        if (!ns.StartsWith(Root, StringComparison.Ordinal))
            return null;
        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    private static string Name(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        return type.GetDeclaringType() is { IsNil: false } declaring ? $"{Name(reader, declaring)}.{name}" : $"{reader.GetString(type.Namespace)}.{name}";
    }

    /// <summary>Collects the assembly's own type definitions reached from tokens and signatures.</summary>
    private sealed class TypeCollector(MetadataReader reader) : ISignatureTypeProvider<object?, object?>
    {
        public HashSet<TypeDefinitionHandle> Sink { get; set; } = [];

        public void AddToken(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Sink.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    Sink.Add(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    Sink.Add(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    AddToken(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                        member.DecodeMethodSignature(this, null);
                    else
                        member.DecodeFieldSignature(this, null);
                    break;
                case HandleKind.MethodSpecification:
                    var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    AddToken(spec.Method);
                    foreach (var _ in spec.DecodeSignature(this, null))
                    {
                    }

                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                        signature.DecodeMethodSignature(this, null);
                    break;
            }
        }

        public object? GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            Sink.Add(handle);
            return null;
        }

        public object? GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) => null;

        public object? GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            r.GetTypeSpecification(handle).DecodeSignature(this, context);
            return null;
        }

        public object? GetPrimitiveType(PrimitiveTypeCode typeCode) => null;

        public object? GetSZArrayType(object? elementType) => null;

        public object? GetArrayType(object? elementType, ArrayShape shape) => null;

        public object? GetByReferenceType(object? elementType) => null;

        public object? GetPointerType(object? elementType) => null;

        public object? GetPinnedType(object? elementType) => null;

        public object? GetGenericInstantiation(object? genericType, ImmutableArray<object?> typeArguments) => null;

        public object? GetGenericTypeParameter(object? genericContext, int index) => null;

        public object? GetGenericMethodParameter(object? genericContext, int index) => null;

        public object? GetFunctionPointerType(MethodSignature<object?> signature) => null;

        public object? GetModifiedType(object? modifier, object? unmodifiedType, bool isRequired) => null;
    }
}
