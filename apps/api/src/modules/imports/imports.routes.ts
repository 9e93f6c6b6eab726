import multipart from "@fastify/multipart";
import { ZImportJob, ZImportJobList, ZImportJobParams, ZImportQuery } from "@fanpin/domain/import-schemas";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { storableFileName } from "@fanpin/domain/text";
import { AppError } from "../../lib/app-error.ts";
import type { Deps } from "../../lib/deps.ts";
import { attachment, XLSX_CONTENT_TYPE } from "../../lib/xlsx.ts";
import { kickImports } from "./import-runner.ts";
import { buildImportTemplate } from "./import-template.ts";
import * as service from "./imports.service.ts";

/** import_job.file_name is VarChar(255). */
const IMPORT_FILE_NAME_MAX = 255;

export const importsRoutes = (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    // Multipart only for the upload route's plugin scope; everything else stays JSON-only.
    await app.register(multipart, { limits: { fileSize: service.MAX_IMPORT_BYTES, files: 1, fields: 5, parts: 6 } });

    app.post("/api/households/import", {
      config: { permission: "household.write" },
      schema: {
        tags: ["households"],
        summary: "导入家庭（multipart 字段 file：.xlsx 或 .csv(UTF-8/GB18030)；mode=all-or-nothing|valid-only）→ 后台导入任务",
        querystring: ZImportQuery,
        response: { 202: ZImportJob },
      },
    }, async (req, reply) => {
      if (!req.isMultipart()) throw new AppError("IMPORT_FILE_MISSING");
      let upload: { fileName: string; file: Buffer } | null = null;
      try {
        for await (const part of req.parts()) {
          if (part.type === "file" && part.fieldname === "file" && !upload) upload = { fileName: storableFileName(part.filename, IMPORT_FILE_NAME_MAX, "导入文件"), file: await part.toBuffer() };
          else if (part.type === "file") await part.toBuffer(); // drain
        }
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "FST_REQ_FILE_TOO_LARGE") throw new AppError("IMPORT_FILE_TOO_LARGE");
        // Anything else the multipart reader throws (no boundary, a truncated part, a broken header) is a malformed upload.
        throw new AppError("IMPORT_FILE_MISSING", { message: "上传的表单格式不正确，请重新选择文件上传" });
      }
      if (!upload || upload.file.length === 0) throw new AppError("IMPORT_FILE_MISSING");
      const job = await service.queueImport(deps, req.actor!, upload, req.query.mode);
      kickImports(deps, req.log);
      return reply.status(202).send(job);
    });

    app.get("/api/households/import/template.xlsx", {
      config: { permission: "household.write" },
      schema: { tags: ["households"], summary: "下载家庭导入模板（.xlsx，表头与采集表一致，含填写说明和选项）" },
    }, async (_req, reply) =>
      reply.header("content-type", XLSX_CONTENT_TYPE).header("content-disposition", attachment("家庭信息导入模板.xlsx")).send(await buildImportTemplate()));

    app.get("/api/households/imports", {
      config: { permission: "household.write" },
      schema: { tags: ["households"], summary: "我最近的导入任务", response: { 200: ZImportJobList } },
    }, async (req) => service.listImportJobs(deps, req.actor!));

    app.get("/api/households/imports/:id", {
      config: { permission: "household.write" },
      schema: { tags: ["households"], summary: "导入任务的进度和报告（按行、列列出问题）", params: ZImportJobParams, response: { 200: ZImportJob } },
    }, async (req) => service.getImportJob(deps, req.actor!, req.params.id));

    app.get("/api/households/imports/:id/rejected.xlsx", {
      config: { permission: "household.write" },
      schema: { tags: ["households"], summary: "下载被退回的行（含错误说明列；修正后可直接重新导入）", params: ZImportJobParams },
    }, async (req, reply) => {
      const file = await service.getRejectedFile(deps, req.actor!, req.params.id);
      return reply.header("content-type", XLSX_CONTENT_TYPE).header("content-disposition", attachment(file.fileName)).send(file.content);
    });
  };
